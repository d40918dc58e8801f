package r1j.cli;

import java.util.Locale;

/** Sizes on the command line: {@code 512MiB}, {@code 2GiB}, {@code 1.5G}, or plain bytes. */
final class ByteSize {
    private ByteSize() {}

    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        String[][] units = {{"TIB", "1099511627776"}, {"GIB", "1073741824"}, {"MIB", "1048576"}, {"KIB", "1024"},
                {"TB", "1000000000000"}, {"GB", "1000000000"}, {"MB", "1000000"}, {"KB", "1000"},
                {"T", "1099511627776"}, {"G", "1073741824"}, {"M", "1048576"}, {"K", "1024"}, {"B", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            double value = Double.parseDouble(t);
            if (!(value > 0)) throw new NumberFormatException();
            return (long) (value * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 512MiB, 2GiB, 1073741824)");
        }
    }
}
