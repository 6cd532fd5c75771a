package io.kairos.allocator;

/**
 * A role frameworks register in. {@code weight > 0} scales its fair share (weight 2 gets twice the
 * dominant share of weight 1); {@code quota} is guaranteed to it before anyone's fair share;
 * {@code limit} is never exceeded ({@code null} for none). Ports are not counted in quota or limit.
 */
public record Role(String name, double weight, Resources quota, Resources limit) {

    public Role {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("role name must not be blank");
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("role " + name + ": weight must be > 0, was " + weight);
        }
        quota = quota == null ? Resources.NONE : quota;
        if (limit != null && !limit.fitsScalars(quota)) {
            throw new IllegalArgumentException("role " + name + ": quota " + quota + " exceeds limit " + limit);
        }
    }

    /** Weight 1, no quota, no limit. */
    public static Role of(String name) {
        return new Role(name, 1, Resources.NONE, null);
    }
}
