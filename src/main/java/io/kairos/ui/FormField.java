package io.kairos.ui;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * One input of a console form. Its {@code name} is the JSON pointer of the API field it edits
 * ({@code /schedule/cron}), so the API's problem+json errors, which name fields by pointer, land
 * next to the input that caused them.
 */
@TemplateData
public record FormField(String name, String label, Kind kind, String help, List<String> options, String value, String error) {

    /** How a field is typed in and turned into JSON. */
    public enum Kind {
        /** one line of text → a string */
        TEXT,
        /** several lines of text → a string */
        TEXTAREA,
        /** a whole number → a JSON number (anything else is sent as typed, for the API to refuse by field) */
        INTEGER,
        /** a decimal number → a JSON number */
        DECIMAL,
        /** yyyy-MM-dd → a string */
        DATE,
        /** a checkbox → true or false */
        CHECK,
        /** one of {@code options} → a string */
        SELECT,
        /** one item per line → an array of strings */
        LINES,
        /** comma- or line-separated names → an array of strings */
        NAMES,
        /** KEY=value per line → an object of strings */
        KEY_VALUES,
        /** raw JSON → the JSON value */
        JSON
    }

    static FormField of(String name, String label, Kind kind, String help, String... options) {
        return new FormField(name, label, kind, help, List.of(options), "", null);
    }

    FormField with(String value, String error) {
        return new FormField(name, label, kind, help, options, value == null ? "" : value, error);
    }

    /** The element id: the pointer with its slashes made safe for CSS selectors. */
    public String id() {
        return "f" + name.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public boolean isTextarea() {
        return kind == Kind.TEXTAREA || kind == Kind.LINES || kind == Kind.KEY_VALUES || kind == Kind.JSON;
    }

    public boolean isCheck() {
        return kind == Kind.CHECK;
    }

    public boolean isSelect() {
        return kind == Kind.SELECT;
    }

    public boolean isChecked() {
        return "true".equals(value);
    }

    public String inputType() {
        return switch (kind) {
            case INTEGER, DECIMAL -> "number";
            case DATE -> "date";
            default -> "text";
        };
    }

    public String step() {
        return kind == Kind.DECIMAL ? "any" : "1";
    }

    public boolean isNumber() {
        return kind == Kind.INTEGER || kind == Kind.DECIMAL;
    }

    public int rows() {
        return kind == Kind.JSON ? 5 : 3;
    }
}
