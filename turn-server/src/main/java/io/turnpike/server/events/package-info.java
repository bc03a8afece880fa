/**
 * What happens in the server, told once: allocation lifecycle, refusals, authentication failures,
 * drops and traffic. The TURN engine reports here; metrics, usage accounting and logs listen.
 */
package io.turnpike.server.events;
