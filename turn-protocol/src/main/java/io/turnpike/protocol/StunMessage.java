package io.turnpike.protocol;

import io.turnpike.protocol.attribute.StunAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable STUN message: type, transaction id and the ordered attributes (RFC 8489 §5, §14).
 * Attributes are as decoded (duplicates already dropped, first occurrence wins) or as built.
 * A decoded message may hold a {@link io.turnpike.protocol.attribute.Data} whose payload is a slice
 * of the decoded buffer: it is valid only while that buffer is.
 */
public final class StunMessage {
    private final int methodCode;
    private final StunClass messageClass;
    private final TransactionId transactionId;
    private final List<StunAttribute> attributes;

    private StunMessage(int methodCode, StunClass messageClass, TransactionId transactionId,
                        List<StunAttribute> attributes) {
        this.methodCode = methodCode;
        this.messageClass = messageClass;
        this.transactionId = transactionId;
        this.attributes = List.copyOf(attributes);
    }

    /** A builder for a message of a known method. */
    public static Builder builder(StunMethod method, StunClass messageClass, TransactionId transactionId) {
        return new Builder(method.code(), messageClass, transactionId);
    }

    /** A builder for a message with any 12-bit method code. */
    public static Builder builder(int methodCode, StunClass messageClass, TransactionId transactionId) {
        return new Builder(methodCode, messageClass, transactionId);
    }

    /** The 12-bit method code. */
    public int methodCode() {
        return methodCode;
    }

    /** The method, or null when the code is not one Turnpike knows. */
    public StunMethod method() {
        return StunMethod.fromCode(methodCode);
    }

    /** The class. */
    public StunClass messageClass() {
        return messageClass;
    }

    /** The 14-bit message type (method and class interleaved). */
    public int messageType() {
        return MessageType.of(methodCode, messageClass);
    }

    /** The transaction id. */
    public TransactionId transactionId() {
        return transactionId;
    }

    /** The attributes in message order (unmodifiable). */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    /** The first attribute of the given record type, or null. */
    public <T extends StunAttribute> T get(Class<T> type) {
        for (int i = 0; i < attributes.size(); i++) {
            StunAttribute a = attributes.get(i);
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }

    /** All attributes of the given record type, in order (e.g. several XOR-PEER-ADDRESS). */
    public <T extends StunAttribute> List<T> getAll(Class<T> type) {
        List<T> out = new ArrayList<>(2);
        for (int i = 0; i < attributes.size(); i++) {
            StunAttribute a = attributes.get(i);
            if (type.isInstance(a)) {
                out.add(type.cast(a));
            }
        }
        return out;
    }

    /** True when an attribute of the given record type is present. */
    public boolean has(Class<? extends StunAttribute> type) {
        return get(type) != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunMessage m && m.methodCode == methodCode && m.messageClass == messageClass
                && m.transactionId.equals(transactionId) && m.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(methodCode, messageClass, transactionId, attributes);
    }

    @Override
    public String toString() {
        StunMethod m = method();
        return "StunMessage[" + (m == null ? "0x" + Integer.toHexString(methodCode) : m) + " " + messageClass
                + " " + transactionId + " " + attributes + "]";
    }

    /** Collects attributes in order; {@link #build()} makes the immutable message. Not thread-safe. */
    public static final class Builder {
        private final int methodCode;
        private final StunClass messageClass;
        private final TransactionId transactionId;
        private final List<StunAttribute> attributes = new ArrayList<>();

        private Builder(int methodCode, StunClass messageClass, TransactionId transactionId) {
            if ((methodCode & ~0x0FFF) != 0) {
                throw new IllegalArgumentException("method code must fit 12 bits: " + methodCode);
            }
            this.methodCode = methodCode;
            this.messageClass = Objects.requireNonNull(messageClass, "messageClass");
            this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
        }

        /** Appends an attribute. */
        public Builder add(StunAttribute attribute) {
            attributes.add(Objects.requireNonNull(attribute, "attribute"));
            return this;
        }

        /** Appends attributes in order. */
        public Builder addAll(List<? extends StunAttribute> more) {
            for (StunAttribute a : more) {
                add(a);
            }
            return this;
        }

        /** The message. */
        public StunMessage build() {
            return new StunMessage(methodCode, messageClass, transactionId, attributes);
        }
    }
}
