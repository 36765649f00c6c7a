package io.debugproxy.config.traefik;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates the Docker provider's {@code defaultRule}, a Go text/template, for one container.
 * Only what default rules use in practice is supported: the fields {@code .Name},
 * {@code .ContainerName} and {@code index .Labels "key"}, string literals, and the functions
 * {@code normalize}, {@code lower}, {@code upper} and {@code trim}, called directly or through
 * a pipe. Anything else is refused with a message rather than guessed.
 */
final class DefaultRuleTemplate {

    /** What Traefik hands the template: the service name, the container name and its labels. */
    record Model(String name, String containerName, Map<String, String> labels) {
    }

    private final String template;

    DefaultRuleTemplate(String template) {
        this.template = template;
    }

    /** @throws IllegalArgumentException naming the action debugproxy cannot evaluate */
    String evaluate(Model model) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (true) {
            int open = template.indexOf("{{", pos);
            if (open < 0) {
                out.append(template, pos, template.length());
                return out.toString();
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'{{' at position " + (open + 1) + " is never closed by '}}'");
            }
            out.append(template, pos, open);
            String action = template.substring(open + 2, close);
            if (action.startsWith("-") && (action.length() == 1 || Character.isWhitespace(action.charAt(1)))) {
                trimTrailing(out);
                action = action.substring(1);
            }
            pos = close + 2;
            if (action.endsWith("-") && action.length() > 1 && Character.isWhitespace(action.charAt(action.length() - 2))) {
                action = action.substring(0, action.length() - 1);
                while (pos < template.length() && Character.isWhitespace(template.charAt(pos))) {
                    pos++;
                }
            }
            out.append(pipeline(action.trim(), model));
        }
    }

    private static void trimTrailing(StringBuilder sb) {
        while (sb.length() > 0 && Character.isWhitespace(sb.charAt(sb.length() - 1))) {
            sb.setLength(sb.length() - 1);
        }
    }

    private String pipeline(String action, Model model) {
        String value = null;
        for (String command : action.split("\\|")) {
            List<String> words = words(command.trim(), action);
            if (words.isEmpty()) {
                throw unsupported(action);
            }
            if (value != null) {
                words.add(quote(value));
            }
            value = command(words, model, action);
        }
        return value == null ? "" : value;
    }

    private String command(List<String> words, Model model, String action) {
        String head = words.get(0);
        if (words.size() == 1) {
            return operand(head, model, action);
        }
        return switch (head) {
            case "normalize" -> TraefikNames.normalize(single(words, model, action));
            case "lower" -> single(words, model, action).toLowerCase(Locale.ROOT);
            case "upper" -> single(words, model, action).toUpperCase(Locale.ROOT);
            case "trim" -> single(words, model, action).trim();
            case "index" -> {
                if (words.size() != 3 || !words.get(1).equals(".Labels")) {
                    throw unsupported(action);
                }
                yield model.labels().getOrDefault(operand(words.get(2), model, action), "");
            }
            default -> throw unsupported(action);
        };
    }

    private String single(List<String> words, Model model, String action) {
        if (words.size() != 2) {
            throw unsupported(action);
        }
        return operand(words.get(1), model, action);
    }

    private String operand(String word, Model model, String action) {
        if (word.equals(".Name")) {
            return model.name();
        }
        if (word.equals(".ContainerName")) {
            return model.containerName();
        }
        if (word.length() >= 2 && (word.startsWith("\"") && word.endsWith("\"") || word.startsWith("`") && word.endsWith("`"))) {
            return word.substring(1, word.length() - 1).replace("\\\"", "\"");
        }
        throw unsupported(action);
    }

    private static String quote(String value) {
        return "`" + value + "`";
    }

    private List<String> words(String command, String action) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '`') {
                int end = command.indexOf(c, i + 1);
                if (end < 0) {
                    throw unsupported(action);
                }
                out.add(command.substring(i, end + 1));
                i = end + 1;
            } else {
                int start = i;
                while (i < command.length() && !Character.isWhitespace(command.charAt(i))) {
                    i++;
                }
                out.add(command.substring(start, i));
            }
        }
        return out;
    }

    private static IllegalArgumentException unsupported(String action) {
        return new IllegalArgumentException("debugproxy cannot evaluate '{{" + action + "}}'; it knows .Name,"
                + " .ContainerName, index .Labels \"key\", normalize, lower, upper and trim");
    }
}
