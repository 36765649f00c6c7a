package io.debugproxy.config.discovery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ShellWordsTest {

    static Stream<Arguments> scripts() {
        return Stream.of(
                arguments("a b  c", List.of(List.of("a", "b", "c"))),
                arguments("a 'b c' d", List.of(List.of("a", "b c", "d"))),
                arguments("a \"b \\\"c\\\" $x\" d", List.of(List.of("a", "b \"c\" $x", "d"))),
                arguments("a \"b\\n\"", List.of(List.of("a", "b\\n"))),
                arguments("a b\\ c", List.of(List.of("a", "b c"))),
                arguments("a --x='1 2'z", List.of(List.of("a", "--x=1 2z"))),
                arguments("a '' b", List.of(List.of("a", "", "b"))),
                arguments("a \\\n b", List.of(List.of("a", "b"))),
                arguments("a; b && c || d | e & f", List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"),
                        List.of("e"), List.of("f"))),
                arguments("a\nb", List.of(List.of("a"), List.of("b"))),
                arguments("a 2>&1 >/dev/null b", List.of(List.of("a", "b"))),
                arguments("a > out.log b", List.of(List.of("a", "b"))),
                arguments("a &> out.log", List.of(List.of("a"))),
                arguments("a >> 'my log'", List.of(List.of("a"))),
                arguments("a # comment; b", List.of(List.of("a"))),
                arguments("a#b", List.of(List.of("a#b"))),
                arguments("FOO=1 BAR='x y' exec a b", List.of(List.of("exec", "a", "b"))),
                arguments("if true; then a; fi", List.of(List.of("true"), List.of("a"), List.of("fi"))),
                arguments("(cd /src && a)", List.of(List.of("cd", "/src"), List.of("a"))),
                arguments("a 'unterminated", List.of(List.of("a", "unterminated"))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("scripts")
    void splitsScriptLikePosixShell(String script, List<List<String>> commands) {
        assertEquals(commands, ShellWords.commands(script));
    }
}
