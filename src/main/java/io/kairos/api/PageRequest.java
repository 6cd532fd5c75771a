package io.kairos.api;

/**
 * Which page of a listing is asked for: {@code page} from 0, {@code size} items. Queries skip
 * {@code page * size} rows with an int offset (JPA's {@code setFirstResult}), so a page whose offset
 * would not fit an int is refused here, naming {@code page}, rather than overflowing into a 500.
 */
public record PageRequest(int page, int size) {

    public PageRequest {
        if (page < 0 || size < 1 || (long) page * size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("page " + page + " of size " + size);
        }
    }

    /**
     * The API's {@code ?page=&size=}, as sent (text, so "lots" or a number past a long is bad input, not a
     * 404 from parameter conversion).
     *
     * @throws ApiException invalid, naming {@code page} or {@code size}
     */
    public static PageRequest of(String page, String size, int defaultSize, int maxSize) {
        long s = size == null || size.isBlank() ? defaultSize : number(size, "size", "must be a whole number between 1 and " + maxSize);
        if (s < 1 || s > maxSize) {
            throw ApiException.invalid("size", "must be between 1 and " + maxSize);
        }
        long last = maxPage((int) s);
        String pageRange = "must be a whole number from 0 to " + last + " (with size " + s + ")";
        long p = page == null || page.isBlank() ? 0 : number(page, "page", pageRange);
        if (p < 0 || p > last) {
            throw ApiException.invalid("page", pageRange);
        }
        return new PageRequest((int) p, (int) s);
    }

    /**
     * The console's page links: what is not a page number reads as the first page, a page past the last
     * one any offset can reach as that last one (it is empty either way).
     */
    public static PageRequest lenient(String page, int size) {
        long p;
        try {
            p = page == null || page.isBlank() ? 0 : Long.parseLong(page.strip());
        } catch (NumberFormatException e) {
            p = page.strip().matches("\\d+") ? Long.MAX_VALUE : 0;
        }
        return new PageRequest((int) Math.max(0, Math.min(p, maxPage(size))), size);
    }

    /** The highest page of {@code size} whose offset fits an int. */
    public static long maxPage(int size) {
        return Integer.MAX_VALUE / size;
    }

    private static long number(String text, String name, String message) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, message);
        }
    }
}
