package io.infersla.reports.cli;

import java.io.PrintWriter;

/** Lets tests in other packages run the command with captured output. */
public final class ReportCommandAccess {

    private ReportCommandAccess() {
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return ReportCommand.run(out, err, args);
    }
}
