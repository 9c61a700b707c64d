package dev.asyncsqlite.internal.engine;

/**
 * SQLite's case rule for names (of columns, functions, collations, keywords): only the ASCII
 * letters A to Z and a to z are the same in either case. Java's {@code toLowerCase} folds every
 * letter it knows, so {@code ÿ} and {@code Ÿ}, or {@code k} and the Kelvin sign, would match where
 * SQLite keeps them apart.
 */
public final class SqliteNames {
    private SqliteNames() {
    }

    /**
     * The name with A to Z in lower case and every other character as it is.
     *
     * @param name a name
     * @return the key two names share exactly when SQLite takes them for the same
     */
    public static String fold(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = name.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return name;
    }

    /**
     * The word with a to z in upper case and every other character as it is, as SQLite compares
     * keywords.
     *
     * @param word a word
     * @return the upper-case form
     */
    public static String upper(String word) {
        char[] chars = word.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] -= 'a' - 'A';
            }
        }
        return new String(chars);
    }
}
