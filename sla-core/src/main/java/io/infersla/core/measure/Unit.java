package io.infersla.core.measure;

/** The unit a metric is measured in; the catalog, the reports and the dashboards print it. */
public enum Unit {
    MILLISECONDS("ms"),
    HOURS("h"),
    RATIO("ratio"),
    PER_SECOND("1/s"),
    COUNT("count"),
    USD("USD"),
    WATTS("W");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
