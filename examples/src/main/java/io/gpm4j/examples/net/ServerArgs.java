package io.gpm4j.examples.net;

/** The command line of the network examples: {@code [port]}. */
public final class ServerArgs {
    private ServerArgs() {
    }

    /** The port of the arguments ({@code [port]}), {@code dflt} when absent, -1 when malformed. */
    public static int port(String[] args, int dflt) {
        if (args.length == 0) {
            return dflt;
        }
        if (args.length > 1 || !args[0].matches("\\d{1,5}")) {
            return -1;
        }
        int p = Integer.parseInt(args[0]);
        return p <= 65535 ? p : -1;
    }

    /** {@link #port}, or prints {@code usage} to stderr and exits with status 2 when the arguments are not {@code [port]}. */
    public static int portOrExit(String[] args, int dflt, String usage) {
        int port = port(args, dflt);
        if (port < 0) {
            System.err.println(usage);
            System.exit(2);
        }
        return port;
    }
}
