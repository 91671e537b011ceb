package io.infersla.engine.storage;

import io.infersla.core.json.Json;
import io.infersla.core.secret.SecretCipher;
import io.infersla.core.secret.SecretCipherException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Brings every stored contract secret under the current key at start: plaintext values (written
 * before secrets were encrypted) and values under a previous key are re-encrypted, all in one
 * transaction. A value under a key id that is not configured stops start-up, naming the contract,
 * the secret and the key id: it is never dropped and never kept unreadable.
 */
public final class SecretsAtRest {

    /*
     * A transaction-level advisory lock, waited for (not tried like SessionLock's): every instance
     * must find the table re-encrypted before it starts, and a second instance starting at the
     * same time simply finds nothing left to do.
     */
    private static final long LOCK_ID = 0x1f5_7e57_5ec0L;

    private SecretsAtRest() {
    }

    /**
     * @return how many values were re-encrypted
     * @throws IllegalStateException naming the contract, secret and key id of a value that cannot be decrypted
     */
    @SuppressWarnings("unchecked")
    public static int reencrypt(DataSource database, SecretCipher cipher) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement lock = c.createStatement()) {
                    lock.execute("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")");
                }
                int changed = 0;
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT tenant, contract, secrets::text FROM sla.contracts WHERE secrets <> '{}'::jsonb FOR UPDATE");
                        PreparedStatement update = c.prepareStatement(
                                "UPDATE sla.contracts SET secrets = ?::jsonb WHERE tenant = ? AND contract = ?");
                        ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String tenant = rs.getString(1);
                        String contract = rs.getString(2);
                        Map<String, Object> secrets = (Map<String, Object>) Json.parse("sla.contracts.secrets", rs.getString(3));
                        Map<String, Object> rewritten = new LinkedHashMap<>();
                        int before = changed;
                        for (Map.Entry<String, Object> e : secrets.entrySet()) {
                            if (!(e.getValue() instanceof String stored)) {
                                throw new IllegalStateException("contract " + tenant + "/" + contract + ": secret '"
                                        + e.getKey() + "' is not a string (written outside the API?)");
                            }
                            if (!cipher.needsReencryption(stored)) {
                                rewritten.put(e.getKey(), stored);
                                continue;
                            }
                            rewritten.put(e.getKey(), cipher.encrypt(tenant, contract, e.getKey(),
                                    plaintext(cipher, tenant, contract, e.getKey(), stored)));
                            changed++;
                        }
                        if (changed > before) {
                            update.setString(1, Json.writeCompact(rewritten));
                            update.setString(2, tenant);
                            update.setString(3, contract);
                            update.addBatch();
                        }
                    }
                    update.executeBatch();
                }
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static String plaintext(SecretCipher cipher, String tenant, String contract, String name, String stored) {
        if (!SecretCipher.isEncrypted(stored)) {
            return stored;
        }
        String keyId = SecretCipher.keyIdOf(stored).orElseThrow();
        if (!cipher.knows(keyId)) {
            throw new IllegalStateException("contract " + tenant + "/" + contract + ": secret '" + name
                    + "' is encrypted under key id '" + keyId + "', which is not configured: set it as"
                    + " infersla.secrets.previous-keys." + keyId + " (or previous-key-files." + keyId + ")");
        }
        try {
            return cipher.decrypt(tenant, contract, name, stored);
        } catch (SecretCipherException e) {
            throw new IllegalStateException("contract " + tenant + "/" + contract + ": " + e.getMessage(), e);
        }
    }
}
