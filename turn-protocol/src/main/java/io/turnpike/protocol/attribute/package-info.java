/**
 * STUN/TURN attributes: one immutable record per attribute type under the sealed {@link
 * io.turnpike.protocol.attribute.StunAttribute}, the {@link io.turnpike.protocol.attribute.AttributeType}
 * registry, and {@link io.turnpike.protocol.attribute.UnknownAttribute} for types kept raw. Each record
 * file cites its RFC section; value decoders are package-private and reached through the registry.
 */
package io.turnpike.protocol.attribute;
