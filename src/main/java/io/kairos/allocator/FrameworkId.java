package io.kairos.allocator;

/** A framework registered with the allocator, e.g. {@code batch}. */
public record FrameworkId(String value) {
    public FrameworkId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("framework id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
