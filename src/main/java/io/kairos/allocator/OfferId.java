package io.kairos.allocator;

public record OfferId(long value) {
}
