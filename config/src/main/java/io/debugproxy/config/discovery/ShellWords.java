package io.debugproxy.config.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a {@code sh -c} script into simple commands the way a POSIX shell would: quotes,
 * backslashes, comments, {@code ; && || | &} and newlines. Redirections are dropped, and so are
 * leading variable assignments and keywords, so each command starts with the program name.
 * Expansions ({@code $VAR}, {@code $(...)}) are kept as literal text: nothing is executed.
 */
final class ShellWords {

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);
    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "do", "while", "until", "!", "{", "time");

    private final String script;
    private final List<List<String>> commands = new ArrayList<>();
    private List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private boolean dropNextWord;

    private ShellWords(String script) {
        this.script = script;
    }

    /** The simple commands of {@code script}, each as its argument words. */
    static List<List<String>> commands(String script) {
        ShellWords s = new ShellWords(script);
        s.scan();
        return List.copyOf(s.commands);
    }

    private void scan() {
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'') {
                int close = script.indexOf('\'', i + 1);
                int end = close < 0 ? n : close;
                word.append(script, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(i + 1);
            } else if (c == '\\') {
                if (i + 1 < n && script.charAt(i + 1) != '\n') {
                    word.append(script.charAt(i + 1));
                    inWord = true;
                }
                // A backslash-newline is a line continuation and vanishes.
                i += 2;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                endWord();
                i++;
            } else if (c == '\n' || c == ';' || c == '(' || c == ')') {
                endCommand();
                i++;
            } else if (c == '&' && i + 1 < n && script.charAt(i + 1) == '>') {
                i = redirection(i + 1);
            } else if (c == '&' || c == '|') {
                endCommand();
                i++;
                while (i < n && (script.charAt(i) == '&' || script.charAt(i) == '|')) {
                    i++;
                }
            } else if (c == '<' || c == '>') {
                // "2>&1": the digits before the operator are a file descriptor, not a word.
                if (inWord && word.chars().allMatch(Character::isDigit)) {
                    word.setLength(0);
                    inWord = false;
                }
                i = redirection(i);
            } else if (c == '#' && !inWord) {
                int eol = script.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        endCommand();
    }

    /** Reads a double-quoted string starting after the quote; returns the index after the closing quote. */
    private int doubleQuoted(int i) {
        inWord = true;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < n && "$`\"\\\n".indexOf(script.charAt(i + 1)) >= 0) {
                if (script.charAt(i + 1) != '\n') {
                    word.append(script.charAt(i + 1));
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        return n;
    }

    /** Skips a redirection operator at {@code i}; its target, the next word, is dropped too. */
    private int redirection(int i) {
        endWord();
        int n = script.length();
        i++;
        if (i < n && "<>&|".indexOf(script.charAt(i)) >= 0) {
            i++;
        }
        dropNextWord = true;
        return i;
    }

    private void endWord() {
        if (!inWord) {
            return;
        }
        if (dropNextWord) {
            dropNextWord = false;
        } else {
            words.add(word.toString());
        }
        word.setLength(0);
        inWord = false;
    }

    private void endCommand() {
        endWord();
        dropNextWord = false;
        int start = 0;
        while (start < words.size()
                && (ASSIGNMENT.matcher(words.get(start)).matches() || KEYWORDS.contains(words.get(start)))) {
            start++;
        }
        if (start < words.size()) {
            commands.add(List.copyOf(words.subList(start, words.size())));
        }
        words = new ArrayList<>();
    }
}
