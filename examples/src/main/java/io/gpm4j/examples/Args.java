package io.gpm4j.examples;

/**
 * The examples' command-line arguments. An example that is given an argument it does not take,
 * or one it cannot read, prints its one-line usage on standard error ({@code usage: ...}) and
 * exits with status 2, as command-line tools do, rather than dying with a stack trace.
 */
public final class Args {
    private final String[] args;
    private final String usage;

    private Args(String[] args, String usage) {
        this.args = args;
        this.usage = usage;
    }

    /**
     * The arguments of an example taking at most {@code max} of them.
     *
     * @param usage what follows {@code usage: } on the usage line: how the README runs it.
     */
    public static Args of(String[] args, int max, String usage) {
        Args a = new Args(args, usage);
        if (args.length > max) {
            a.usage();
        }
        return a;
    }

    /** Argument {@code i} as a whole number from 1 to {@code max}, or {@code otherwise} when it is not given. */
    public int number(int i, int otherwise, int max) {
        if (i >= args.length) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(args[i]);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            /* the usage below */
        }
        throw usage();
    }

    /** Argument {@code i}, which must be given. */
    public String required(int i) {
        if (i >= args.length || args[i].isBlank()) {
            throw usage();
        }
        return args[i];
    }

    /** Prints the usage line and exits with status 2; never returns (write {@code throw args.usage()}). */
    public Error usage() {
        System.err.println("usage: " + usage);
        System.exit(2);
        throw new AssertionError("not reached");
    }
}
