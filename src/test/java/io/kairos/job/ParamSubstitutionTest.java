package io.kairos.job;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParamSubstitutionTest {

    private static final List<JobParameter> DECLARED = List.of(
            new JobParameter("date", JobParameter.Type.DATE, null, null, true),
            new JobParameter("limit", JobParameter.Type.INT, null, 10L, false),
            new JobParameter("note", JobParameter.Type.STRING, null, null, false));

    @Test
    void only_an_argument_that_is_exactly_a_placeholder_is_replaced_as_one_whole_argument() {
        List<String> out = ParamSubstitution.args(
                List.of("load", "${date}", "--day=${date}", "$${date}", "${unknown}", "${limit}", "${date"),
                DECLARED, Map.of("date", "2024-01-31", "limit", 5));
        assertEquals(List.of("load", "2024-01-31", "--day=${date}", "$${date}", "${unknown}", "5", "${date"), out);
    }

    @Test
    void a_value_with_spaces_or_shell_syntax_stays_one_argument() {
        assertEquals(List.of("a b; rm -rf /"), ParamSubstitution.args(List.of("${note}"), DECLARED, Map.of("note", "a b; rm -rf /")));
    }

    @Test
    void every_declared_parameter_becomes_an_upper_cased_environment_variable_unset_ones_empty() {
        assertEquals(Map.of("KAIROS_PARAM_DATE", "2024-01-31", "KAIROS_PARAM_LIMIT", "5", "KAIROS_PARAM_NOTE", ""),
                ParamSubstitution.env(DECLARED, Map.of("date", "2024-01-31", "limit", 5L)));
    }

    @Test
    void an_unset_optional_parameter_is_an_empty_argument() {
        assertEquals(List.of(""), ParamSubstitution.args(List.of("${note}"), DECLARED, Map.of()));
    }
}
