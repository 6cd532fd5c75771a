package io.kairos.cluster;

import org.eclipse.microprofile.config.spi.Converter;

/** {@code kairos.role} for beans, read by the same {@link ProcessRole#parse} that {@link KairosMain} checks it with. */
public class ProcessRoleConverter implements Converter<ProcessRole> {

    @Override
    public ProcessRole convert(String value) {
        return ProcessRole.parse(value);
    }
}
