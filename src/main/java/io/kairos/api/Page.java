package io.kairos.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of a listing; {@code page} counts from 0. */
@Schema(description = "One page of a list: items, the page number (from 0), its size and the total count.")
public record Page<T>(List<T> items, int page, int size, long total) {
}
