package dev.asyncsqlite.dqlite;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a dqlite database is: {@code dqlite://host:port[,host:port...]/name}. Any node of the
 * cluster will do; the connection finds the leader.
 */
final class DqliteAddress {
    static final String SCHEME = "dqlite://";

    final List<String> nodes;
    final String database;

    private DqliteAddress(List<String> nodes, String database) {
        this.nodes = nodes;
        this.database = database;
    }

    /**
     * Reads an address.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static DqliteAddress parse(String address) {
        if (address == null || !address.startsWith(SCHEME)) {
            throw new IllegalArgumentException("the dqlite engine takes a database like dqlite://host:port,host:port/name, not: "
                    + address);
        }
        String rest = address.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("the dqlite address names no database after the nodes: " + address);
        }
        List<String> nodes = new ArrayList<>();
        for (String node : rest.substring(0, slash).split(",")) {
            String n = node.trim();
            int colon = n.lastIndexOf(':');
            if (colon <= 0 || colon == n.length() - 1 || !n.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("a dqlite node is host:port, not \"" + n + "\" in " + address);
            }
            nodes.add(n);
        }
        return new DqliteAddress(List.copyOf(nodes), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return SCHEME + String.join(",", nodes) + "/" + database;
    }
}
