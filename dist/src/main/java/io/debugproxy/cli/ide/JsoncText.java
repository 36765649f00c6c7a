package io.debugproxy.cli.ide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each value of a JSONC text (JSON with comments and trailing commas, as VS Code writes
 * {@code launch.json}) starts and ends, and edits of that text by position: a value is replaced, or a
 * member or element inserted, and every other character — comments, blank lines, the user's
 * indentation — stays as it was. Call it only on text a JSONC parser has accepted.
 */
final class JsoncText {

    /** A value's place in the text: {@code text.substring(start, end)} is the value. */
    sealed interface Value permits Obj, Arr, Scalar {
        int start();

        int end();
    }

    /** An object; {@code members} in text order. */
    record Obj(int start, int end, List<Member> members) implements Value {
        /** The member named {@code key}; empty when there is none or more than one (which one counts is unclear). */
        Optional<Member> member(String key) {
            List<Member> named = members.stream().filter(m -> m.key().equals(key)).toList();
            return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
        }
    }

    record Member(String key, int keyStart, Value value) {
    }

    record Arr(int start, int end, List<Value> elements) implements Value {
    }

    /** A string, number, {@code true}, {@code false} or {@code null}; {@code string} is a string's decoded text. */
    record Scalar(int start, int end, String string) implements Value {
    }

    private final String text;
    /** The file's line end: new lines use it too. */
    private final String nl;
    private final List<Edit> edits = new ArrayList<>();
    private final Map<Value, Additions> appends = new LinkedHashMap<>();
    private int pos;
    private boolean comments;
    private Value root;

    private JsoncText(String text) {
        this.text = text;
        this.nl = text.contains("\r\n") ? "\r\n" : "\n";
    }

    /** @throws IllegalArgumentException when {@code text} is not one JSONC value */
    static JsoncText parse(String text) {
        JsoncText t = new JsoncText(text);
        t.root = t.value();
        t.skip();
        if (t.pos != text.length()) {
            throw t.unexpected();
        }
        return t;
    }

    Value root() {
        return root;
    }

    /** Whether the text has a comment, which a rewrite from the parsed value would lose. */
    boolean hasComments() {
        return comments;
    }

    /** Replaces {@code value} by {@code json} (one line, or lines indented like {@code value}'s line). */
    void replace(Value value, String json) {
        edits.add(new Edit(value.start(), value.end(), reindent(json, indentAt(value.start()))));
    }

    /** Adds a member after the last one of {@code obj}, on a line of its own (after earlier additions). */
    void append(Obj obj, String key, String json) {
        Additions additions = additionsTo(obj);
        additions.items().add(quote(key) + ": " + reindent(json, additions.indent()));
    }

    /** Adds an element after the last one of {@code arr}, on a line of its own (after earlier additions). */
    void append(Arr arr, String json) {
        Additions additions = additionsTo(arr);
        additions.items().add(reindent(json, additions.indent()));
    }

    /** The text with every edit made. */
    String edited() {
        List<Edit> all = new ArrayList<>(edits);
        appends.forEach((container, additions) -> all.addAll(insertLast(container, lastOf(container), additions.indent(),
                String.join("," + nl + additions.indent(), additions.items()))));
        all.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder out = new StringBuilder(text);
        int limit = text.length();
        for (Edit e : all) {
            if (e.end() > limit) {
                throw new IllegalStateException("overlapping edits");
            }
            out.replace(e.start(), e.end(), e.text());
            limit = e.start();
        }
        return out.toString();
    }

    /** Members or elements to add at the end of an object or array, in order, and the indentation of their lines. */
    private record Additions(String indent, List<String> items) {
    }

    /** What is added to {@code container}, indented as its last member or element, else one level deeper than it. */
    private Additions additionsTo(Value container) {
        return appends.computeIfAbsent(container, c -> {
            String indent;
            if (lastOf(c) == null) {
                indent = indentAt(c.start()) + unit();
            } else if (c instanceof Obj o) {
                indent = indentAt(o.members().get(o.members().size() - 1).keyStart());
            } else {
                indent = indentAt(lastOf(c).start());
            }
            return new Additions(indent, new ArrayList<>());
        });
    }

    /** The value of the last member or the last element; null when there is none. */
    private static Value lastOf(Value container) {
        if (container instanceof Obj o) {
            return o.members().isEmpty() ? null : o.members().get(o.members().size() - 1).value();
        }
        List<Value> elements = ((Arr) container).elements();
        return elements.isEmpty() ? null : elements.get(elements.size() - 1);
    }

    /** Edits that put {@code item} after {@code last} (null: into the empty {@code container}). */
    private List<Edit> insertLast(Value container, Value last, String indent, String item) {
        List<Edit> out = new ArrayList<>();
        if (last != null) {
            // After the last value's comma and the comment on its line, if any, so that the comment stays with it.
            int at = skipBlanks(last.end());
            boolean trailingComma = at < text.length() && text.charAt(at) == ',';
            int afterComma = trailingComma ? skipBlanks(at + 1) : at;
            int afterComment = -1;
            if (text.startsWith("//", afterComma)) {
                int eol = text.indexOf('\n', afterComma);
                afterComment = eol < 0 ? text.length() : eol;
                if (text.charAt(afterComment - 1) == '\r') {
                    afterComment--;
                }
            } else if (text.startsWith("/*", afterComma)
                    && (text.indexOf('\n', afterComma) < 0 || text.indexOf('\n', afterComma) > text.indexOf("*/", afterComma))) {
                afterComment = text.indexOf("*/", afterComma) + 2;
            }
            if (trailingComma) {
                // The user ends lists with a comma: so does the new last item.
                int after = afterComment >= 0 ? afterComment : at + 1;
                out.add(new Edit(after, after, nl + indent + item + ","));
            } else if (afterComment >= 0) {
                out.add(new Edit(last.end(), last.end(), ","));
                out.add(new Edit(afterComment, afterComment, nl + indent + item));
            } else {
                out.add(new Edit(last.end(), last.end(), "," + nl + indent + item));
            }
        } else {
            int open = container.start();
            int close = container.end() - 1;
            boolean closeOnOwnLine = text.substring(lineStart(close), close).isBlank();
            out.add(new Edit(open + 1, open + 1, nl + indent + item + (closeOnOwnLine ? "" : nl + indentAt(open))));
        }
        return out;
    }

    private int skipBlanks(int offset) {
        int i = offset;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private String indentAt(int offset) {
        int start = lineStart(offset);
        return text.substring(start, skipBlanks(start));
    }

    private int lineStart(int offset) {
        return text.lastIndexOf('\n', offset - 1) + 1;
    }

    /** One level of the file's indentation: a tab when it indents with tabs, else four spaces as VS Code. */
    private String unit() {
        return text.contains("\n\t") ? "\t" : "    ";
    }

    /** {@code json} (lines separated by {@code \n}) with the file's line ends and every line after the first indented. */
    private String reindent(String json, String indent) {
        return json.replace("\n", nl + indent);
    }

    private static String quote(String key) {
        return '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private record Edit(int start, int end, String text) {
    }

    // --- scanning

    private Value value() {
        skip();
        if (pos >= text.length()) {
            throw unexpected();
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return object();
        }
        if (c == '[') {
            return array();
        }
        int start = pos;
        if (c == '"') {
            String s = string();
            return new Scalar(start, pos, s);
        }
        while (pos < text.length() && "{}[],:\"/ \t\r\n".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (pos == start) {
            throw unexpected();
        }
        return new Scalar(start, pos, null);
    }

    private Obj object() {
        int start = pos++;
        List<Member> members = new ArrayList<>();
        while (true) {
            skip();
            if (peek() == '}') {
                pos++;
                return new Obj(start, pos, List.copyOf(members));
            }
            int keyStart = pos;
            if (peek() != '"') {
                throw unexpected();
            }
            String key = string();
            skip();
            expect(':');
            members.add(new Member(key, keyStart, value()));
            skip();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw unexpected();
            }
        }
    }

    private Arr array() {
        int start = pos++;
        List<Value> elements = new ArrayList<>();
        while (true) {
            skip();
            if (peek() == ']') {
                pos++;
                return new Arr(start, pos, List.copyOf(elements));
            }
            elements.add(value());
            skip();
            if (peek() == ',') {
                pos++;
            } else if (peek() != ']') {
                throw unexpected();
            }
        }
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return s.toString();
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw unexpected();
                    }
                    s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> s.append(e);
            }
        }
        throw unexpected();
    }

    /** Skips white space and comments. */
    private void skip() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF') {
                pos++;
            } else if (text.startsWith("//", pos)) {
                comments = true;
                int eol = text.indexOf('\n', pos);
                pos = eol < 0 ? text.length() : eol + 1;
            } else if (text.startsWith("/*", pos)) {
                comments = true;
                int close = text.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw unexpected();
                }
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw unexpected();
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw unexpected();
        }
        pos++;
    }

    private IllegalArgumentException unexpected() {
        return new IllegalArgumentException("unexpected " + (pos >= text.length() ? "end" : "'" + text.charAt(pos) + "'")
                + " at offset " + pos);
    }
}
