package io.debugproxy.config.discovery;

import io.debugproxy.config.route.HostPort;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises Delve in a container's command line (entrypoint followed by cmd), also behind
 * {@code sh -c}, {@code env}, {@code tini}, {@code dumb-init}, {@code gosu} and similar wrappers,
 * and reads the flags that decide whether and where it can be reached.
 */
public final class DelveCommandLine {

    /** Long flags taking a value (pflag: {@code --name value} or {@code --name=value}). */
    private static final Set<String> VALUE_FLAGS = Set.of(
            "listen", "log-output", "log-dest", "api-version", "init", "build-flags", "wd", "backend", "redirect",
            "tty", "output", "client-addr", "waitfor", "waitfor-interval", "waitfor-duration", "pid", "exec",
            "stack", "follow-calls", "rr-onprocess-pid", "rr-trace-dir");
    /** Short flags taking a value, mapped to their long names. */
    private static final Map<Character, String> SHORT_VALUE_FLAGS =
            Map.of('l', "listen", 'r', "redirect", 'o', "output", 'p', "pid", 'e', "exec", 's', "stack");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh", "busybox");
    /** Wrappers that run the rest of their arguments as a command after their own options. */
    private static final Set<String> PLAIN_WRAPPERS = Set.of("nohup", "command", "setsid", "time");
    private static final int MAX_WRAPPER_DEPTH = 8;

    private DelveCommandLine() {
    }

    /** How {@code command} runs Delve, or empty when it does not run a Delve subcommand. */
    public static Optional<DelveInvocation> parse(List<String> command) {
        return find(command, 0);
    }

    private static Optional<DelveInvocation> find(List<String> argv, int depth) {
        if (argv.isEmpty() || depth > MAX_WRAPPER_DEPTH) {
            return Optional.empty();
        }
        String program = basename(argv.get(0));
        List<String> rest = argv.subList(1, argv.size());
        if (program.equals("dlv") || program.equals("dlv.exe")) {
            return parseDlv(rest);
        }
        if (SHELLS.contains(program)) {
            return shell(program, rest, depth);
        }
        return switch (program) {
            case "env" -> find(afterEnv(rest), depth + 1);
            case "tini", "tini-static", "docker-init" -> find(afterOptions(rest, Set.of("-p", "-e")), depth + 1);
            case "dumb-init" -> find(afterOptions(rest, Set.of("-r", "--rewrite")), depth + 1);
            case "exec" -> find(afterOptions(rest, Set.of("-a")), depth + 1);
            case "gosu", "su-exec" -> rest.isEmpty() ? Optional.empty() : find(rest.subList(1, rest.size()), depth + 1);
            default -> PLAIN_WRAPPERS.contains(program) ? find(afterOptions(rest, Set.of()), depth + 1) : Optional.empty();
        };
    }

    /**
     * {@code sh [options] -c 'script'}: the Delve command is one of the script's simple commands.
     * A serving Delve wins over others, so {@code dlv version && dlv exec --headless ...} finds the server.
     */
    private static Optional<DelveInvocation> shell(String program, List<String> args, int depth) {
        if (program.equals("busybox")) {
            return args.isEmpty() ? Optional.empty() : shell(basename(args.get(0)), args.subList(1, args.size()), depth);
        }
        boolean dashC = false;
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-o") || a.equals("+o")) {
                i++;
            } else if (a.startsWith("--")) {
                continue;
            } else if ((a.startsWith("-") || a.startsWith("+")) && a.length() > 1) {
                dashC |= a.indexOf('c') > 0;
            } else {
                break;
            }
        }
        if (!dashC || i >= args.size()) {
            // "sh script.sh" runs a file the proxy cannot read; nothing to find.
            return Optional.empty();
        }
        Optional<DelveInvocation> first = Optional.empty();
        for (List<String> cmd : ShellWords.commands(args.get(i))) {
            Optional<DelveInvocation> found = find(cmd, depth + 1);
            if (found.isPresent() && found.get().servesDebugApi()) {
                return found;
            }
            if (first.isEmpty()) {
                first = found;
            }
        }
        return first;
    }

    /** {@code env [-i] [-u NAME] [NAME=value]... command...}. */
    private static List<String> afterEnv(List<String> args) {
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i);
            if (a.equals("-u") || a.equals("--unset") || a.equals("-C") || a.equals("--chdir")) {
                i += 2;
            } else if (a.equals("--")) {
                i++;
                break;
            } else if (a.startsWith("-") || (a.indexOf('=') > 0)) {
                i++;
            } else {
                break;
            }
        }
        return args.subList(Math.min(i, args.size()), args.size());
    }

    /** Skips a wrapper's options ({@code valueOptions} consume the next argument) up to the command. */
    private static List<String> afterOptions(List<String> args, Set<String> valueOptions) {
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i);
            if (a.equals("--")) {
                i++;
                break;
            } else if (valueOptions.contains(a)) {
                i += 2;
            } else if (a.startsWith("-") && a.length() > 1) {
                i++;
            } else {
                break;
            }
        }
        return args.subList(Math.min(i, args.size()), args.size());
    }

    /**
     * Parses Delve's arguments as cobra/pflag does: flags may come before or after the
     * subcommand and its positional arguments; {@code --} ends them, the rest is the program's.
     */
    private static Optional<DelveInvocation> parseDlv(List<String> args) {
        Flags f = new Flags();
        String subcommand = null;
        String program = "";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                if (VALUE_FLAGS.contains(name)) {
                    if (eq >= 0) {
                        f.set(name, a.substring(eq + 1));
                    } else if (i + 1 < args.size()) {
                        f.set(name, args.get(++i));
                    }
                } else {
                    // A bool flag (known or not) takes its value only after '='.
                    f.setBool(name, eq < 0 ? "true" : a.substring(eq + 1));
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                i = shortFlags(a, args, i, f);
            } else if (subcommand == null) {
                subcommand = a;
            } else if (program.isEmpty()) {
                program = a;
            }
        }
        if (subcommand == null) {
            return Optional.empty();
        }
        return Optional.of(f.invocation(subcommand, program));
    }

    /** Parses a shorthand cluster such as {@code -l:2345}, {@code -l=:2345} or {@code -l :2345}. */
    private static int shortFlags(String a, List<String> args, int i, Flags f) {
        for (int j = 1; j < a.length(); j++) {
            String name = SHORT_VALUE_FLAGS.get(a.charAt(j));
            if (name != null) {
                String rest = a.substring(j + 1);
                if (rest.startsWith("=")) {
                    f.set(name, rest.substring(1));
                } else if (!rest.isEmpty()) {
                    f.set(name, rest);
                } else if (i + 1 < args.size()) {
                    f.set(name, args.get(++i));
                }
                return i;
            }
            if (j + 1 < a.length() && a.charAt(j + 1) == '=') {
                // "-t=false": a bool shorthand with an explicit value ends the cluster.
                return i;
            }
        }
        return i;
    }

    private static String basename(String path) {
        String p = path.trim();
        int slash = p.lastIndexOf('/');
        return (slash < 0 ? p : p.substring(slash + 1)).toLowerCase(Locale.ROOT);
    }

    /** The flag values seen so far; Delve's defaults until a flag says otherwise. */
    private static final class Flags {
        private boolean headless;
        private String listen;
        private boolean acceptMulticlient;
        private int apiVersion = 1;
        private boolean continueAfterStart;
        private boolean onlySameUser = true;

        void set(String name, String value) {
            switch (name) {
                case "listen" -> listen = value;
                case "api-version" -> {
                    try {
                        apiVersion = Integer.parseInt(value.trim());
                    } catch (NumberFormatException e) {
                        // Delve would refuse to start; keep its default rather than invent a version.
                    }
                }
                default -> {
                    // Other value flags do not affect how the proxy reaches Delve.
                }
            }
        }

        void setBool(String name, String value) {
            Optional<Boolean> parsed = GoBool.parse(value);
            if (parsed.isEmpty()) {
                return;
            }
            boolean b = parsed.get();
            switch (name) {
                case "headless" -> headless = b;
                case "accept-multiclient" -> acceptMulticlient = b;
                case "continue" -> continueAfterStart = b;
                case "only-same-user" -> onlySameUser = b;
                default -> {
                    // Other bool flags do not affect how the proxy reaches Delve.
                }
            }
        }

        DelveInvocation invocation(String subcommand, String program) {
            HostPort address;
            if (listen == null) {
                address = DelveInvocation.DEFAULT_LISTEN;
            } else {
                address = parseListen(listen);
            }
            return new DelveInvocation(subcommand, headless, address, listen != null, acceptMulticlient, apiVersion,
                    continueAfterStart, onlySameUser, listen == null ? "" : listen, program);
        }

        private static HostPort parseListen(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                // unix:/path sockets and malformed values: not a TCP address the proxy could dial.
                return null;
            }
        }
    }
}
