package io.infersla.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostgresUrlTest {

    static final String KEY = "--pg-url";
    static final String DEFAULT_USER = "me";

    /** input | JDBC URL | user | password */
    static Stream<Arguments> accepted() {
        return Stream.of(
                // JDBC URLs: passed on, without user and password
                arguments("jdbc:postgresql://db:5432/infersla",
                        "jdbc:postgresql://db:5432/infersla", "me", ""),
                arguments("jdbc:postgresql://db:5432/infersla?user=u&password=p&sslmode=require",
                        "jdbc:postgresql://db:5432/infersla?sslmode=require", "u", "p"),
                arguments("jdbc:postgresql://db/infersla?sslmode=require&password=p%26q+r&ApplicationName=x",
                        "jdbc:postgresql://db/infersla?sslmode=require&ApplicationName=x", "me", "p&q r"),
                arguments("jdbc:postgresql://a:5432,b:5433/ci?targetServerType=primary",
                        "jdbc:postgresql://a:5432,b:5433/ci?targetServerType=primary", "me", ""),
                arguments("jdbc:postgresql://[::1]:5432/test", "jdbc:postgresql://[::1]:5432/test", "me", ""),
                arguments("  jdbc:postgresql://db/x  ", "jdbc:postgresql://db/x", "me", ""),
                // libpq URIs
                arguments("postgresql://user:password@host:6543/db?sslmode=require",
                        "jdbc:postgresql://host:6543/db?sslmode=require", "user", "password"),
                arguments("postgres://user@host/db", "jdbc:postgresql://host/db", "user", ""),
                arguments("postgresql://host/db", "jdbc:postgresql://host/db", "me", ""),
                arguments("postgresql://host", "jdbc:postgresql://host/", "me", ""),
                arguments("postgresql://", "jdbc:postgresql://localhost/", "me", ""),
                arguments("postgresql:///infersla", "jdbc:postgresql://localhost/infersla", "me", ""),
                arguments("postgresql://:5433/db", "jdbc:postgresql://localhost:5433/db", "me", ""),
                arguments("postgresql://u:@host/db", "jdbc:postgresql://host/db", "u", ""),
                arguments("postgresql://:pw@host/db", "jdbc:postgresql://host/db", "me", "pw"),
                arguments("postgresql://host/db?user=q&password=qp", "jdbc:postgresql://host/db", "q", "qp"),
                arguments("postgresql://u%40corp:p%2Fw%3Ad%25+x@h%2Dx/d%C3%A9b%20x",
                        "jdbc:postgresql://h-x/d%C3%A9b+x", "u@corp", "p/w:d%+x"),
                arguments("postgresql://u:p@ss@host/db", "jdbc:postgresql://host/db", "u", "p@ss"),
                arguments("postgresql://[2001:db8::1]:5433/db", "jdbc:postgresql://[2001:db8::1]:5433/db", "me", ""),
                arguments("postgresql://u@[::1]/db", "jdbc:postgresql://[::1]/db", "u", ""),
                arguments("postgresql://host1:5432,host2:5433/db?target_session_attrs=read-write",
                        "jdbc:postgresql://host1:5432,host2:5433/db?targetServerType=primary", "me", ""),
                arguments("postgresql://host1,host2:5433/db", "jdbc:postgresql://host1,host2:5433/db", "me", ""),
                arguments("postgresql://h/db?sslmode=verify-full&application_name=my%20app&connect_timeout=10"
                        + "&sslrootcert=/etc/ca.pem&options=-c%20search_path%3Dsla",
                        "jdbc:postgresql://h/db?sslmode=verify-full&ApplicationName=my+app&connectTimeout=10"
                                + "&sslrootcert=%2Fetc%2Fca.pem&options=-c+search_path%3Dsla", "me", ""),
                arguments("postgresql://h/db?fallback_application_name=f&keepalives=1&load_balance_hosts=random"
                        + "&gssencmode=disable&channel_binding=require&client_encoding=UTF8",
                        "jdbc:postgresql://h/db?ApplicationName=f&tcpKeepAlive=true&loadBalanceHosts=true"
                                + "&gssEncMode=disable&channelBinding=require", "me", ""),
                arguments("postgresql://h/db?host=other&port=7000", "jdbc:postgresql://other:7000/db", "me", ""),
                arguments("postgresql://h/db#fragment", "jdbc:postgresql://h/db", "me", ""),
                // key=value
                arguments("host=db port=5432 dbname=infersla user=u password='p w' sslmode=require",
                        "jdbc:postgresql://db:5432/infersla?sslmode=require", "u", "p w"),
                arguments("host=db dbname=infersla", "jdbc:postgresql://db/infersla", "me", ""),
                arguments("  host = db   dbname =  'my db'  ", "jdbc:postgresql://db/my+db", "me", ""),
                arguments("password='it\\'s a \\\\ path' user=u", "jdbc:postgresql://localhost/", "u", "it's a \\ path"),
                arguments("password=back\\ slash\\'d", "jdbc:postgresql://localhost/", "me", "back slash'd"),
                arguments("password='' host=h", "jdbc:postgresql://h/", "me", ""),
                arguments("host=::1 port=5433", "jdbc:postgresql://[::1]:5433/", "me", ""),
                arguments("host=[::1]", "jdbc:postgresql://[::1]/", "me", ""),
                arguments("host=a,b port=5432,5433 target_session_attrs=prefer-standby",
                        "jdbc:postgresql://a:5432,b:5433/?targetServerType=preferSecondary", "me", ""),
                arguments("host=a,b port=6000", "jdbc:postgresql://a:6000,b:6000/", "me", ""),
                arguments("hostaddr=10.0.0.5 dbname=x application_name='a b'",
                        "jdbc:postgresql://10.0.0.5/x?ApplicationName=a+b", "me", ""),
                arguments("dbname=x user= ", "jdbc:postgresql://localhost/x", "me", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void readsEveryForm(String text, String jdbcUrl, String user, String password) {
        PostgresUrl url = PostgresUrl.parse(KEY, text, DEFAULT_USER);

        assertThat(url).isEqualTo(new PostgresUrl(jdbcUrl, user, password));
        assertThat(url.toString()).isEqualTo(jdbcUrl + " as " + user + (password.isEmpty() ? "" : " (with a password)"));
    }

    static final String SECRET = "Hunter2secret";

    /** input | the whole message */
    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("", "--pg-url must be a jdbc:postgresql:// URL, a postgresql:// URI or key=value pairs"
                        + " (host=… port=… dbname=… user=…), was empty"),
                arguments("mysql://u:" + SECRET + "@x/db", "--pg-url must be a jdbc:postgresql:// URL, a postgresql:// URI"
                        + " or key=value pairs (host=… port=… dbname=… user=…), was 'mysql://…'"),
                arguments("jdbc:mysql://x/db?password=" + SECRET, "--pg-url must be a jdbc:postgresql:// URL, a postgresql://"
                        + " URI or key=value pairs (host=… port=… dbname=… user=…), was 'jdbc:mysql://…'"),
                arguments("db.example.com:5432", "--pg-url must be a jdbc:postgresql:// URL, a postgresql:// URI"
                        + " or key=value pairs (host=… port=… dbname=… user=…), was '…'"),
                // ports
                arguments("postgresql://u:" + SECRET + "@host:abc/db", "--pg-url: port must be a number 1..65535, was 'abc'"),
                arguments("postgresql://host:0/db", "--pg-url: port must be a number 1..65535, was '0'"),
                arguments("postgresql://host:65536/db", "--pg-url: port must be a number 1..65535, was '65536'"),
                arguments("jdbc:postgresql://host:x5432/db?password=" + SECRET,
                        "--pg-url: port must be a number 1..65535, was 'x5432'"),
                arguments("host=db port=abc password=" + SECRET, "--pg-url: port must be a number 1..65535, was 'abc'"),
                arguments("host=a,b,c port=1,2", "--pg-url: 2 ports for 3 host(s): give one port, or one per host"),
                // keys
                arguments("hots=db password=" + SECRET, "--pg-url: unknown key 'hots' (did you mean 'host'?)"),
                arguments("password=" + SECRET + " hots=db", "--pg-url: unknown key after the value of 'password'"
                        + " (quote a value with spaces: password='a b')"),
                arguments("postgresql://u:" + SECRET + "@h/db?sslmod=require",
                        "--pg-url: unknown key 'sslmod' (did you mean 'sslmode'?)"),
                arguments("postgresql://h/db?frobnicate=1", "--pg-url: unknown key 'frobnicate'"),
                arguments("service=prod", "--pg-url: 'service' has no JDBC equivalent (leave it out, or write a"
                        + " jdbc:postgresql:// URL)"),
                arguments("postgresql://h/db?sslmode=maybe", "--pg-url: sslmode must be one of disable, allow, prefer,"
                        + " require, verify-ca, verify-full, was 'maybe'"),
                arguments("host=h target_session_attrs=writable", "--pg-url: target_session_attrs must be one of any,"
                        + " read-write, read-only, primary, standby, prefer-standby, was 'writable'"),
                arguments("host=h connect_timeout=5s", "--pg-url: connect_timeout must be a whole number of seconds, was '5s'"),
                arguments("host=h client_encoding=LATIN1", "--pg-url: client_encoding must be UTF8 (the JDBC driver"
                        + " always uses it), was 'LATIN1'"),
                arguments("postgresql://h/db?sslmode", "--pg-url: query parameter 'sslmode' has no value (key=value)"),
                // key=value syntax: the password never shows
                arguments("host=db password='" + SECRET, "--pg-url: unterminated quote in the value of 'password'"),
                arguments("host=db password='" + SECRET + "\\'", "--pg-url: unterminated quote in the value of 'password'"),
                arguments("host=db password=" + SECRET + " more", "--pg-url: expected key=value after the value of"
                        + " 'password' (quote a value with spaces: password='a b')"),
                arguments("password=p " + SECRET + "=x", "--pg-url: unknown key after the value of 'password'"
                        + " (quote a value with spaces: password='a b')"),
                arguments("host db=x", "--pg-url: missing '=' after 'host' (key=value pairs, e.g. host=db port=5432)"),
                arguments("host=h =x", "--pg-url: missing key before '='"),
                arguments("password='" + SECRET + "'x host=h", "--pg-url: expected a space after the quoted value of 'password'"),
                // URIs
                arguments("postgresql://u:" + SECRET + "/x@host/db", "--pg-url: '@' after the host (percent-encode '/',"
                        + " '@' and ':' in a user or password as %2F, %40 and %3A; '@' in a database name as %40)"),
                arguments("postgresql://u:" + SECRET + "%zz@host/db", "--pg-url: bad percent-encoding in the password"
                        + " (% must be followed by two hex digits; '%' itself is %25)"),
                arguments("postgresql://u:" + SECRET + "%C3%28@host/db", "--pg-url: percent-encoding in the password is not UTF-8"),
                arguments("postgresql://h/db?password=" + SECRET + "%", "--pg-url: bad percent-encoding in the value of"
                        + " 'password' (% must be followed by two hex digits; '%' itself is %25)"),
                arguments("postgresql://u:" + SECRET + "@%2Fvar%2Frun%2Fpostgresql/db", "--pg-url: host '/var/run/postgresql'"
                        + " is a Unix-domain socket directory, which JDBC cannot use: give the server's name or address"
                        + " (e.g. localhost)"),
                arguments("postgresql://[::1/db", "--pg-url: unterminated '[' in the IPv6 host '[::1'"),
                arguments("postgresql://[::1]x/db", "--pg-url: expected ':port' after the IPv6 host [::1]"),
                arguments("postgresql://a b/db", "--pg-url: host 'a b' contains ' '"),
                // JDBC
                arguments("jdbc:postgresql://u:" + SECRET + "@host/db", "--pg-url: a JDBC URL takes the user and password"
                        + " as parameters (?user=…&password=…); user:password@host is the postgresql:// form"),
                arguments("jdbc:postgresql:///db", "--pg-url: the JDBC URL names no host (jdbc:postgresql://host:port/db)"),
                arguments("jdbc:postgresql://a,,b/db", "--pg-url: empty host in the host list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesBadInputNamingThePartThatIsWrong(String text, String message) {
        assertThatThrownBy(() -> PostgresUrl.parse(KEY, text, DEFAULT_USER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message)
                .message().doesNotContain(SECRET);
    }

    @Test
    void messagesNameTheKeyTheyWereGiven() {
        assertThatThrownBy(() -> PostgresUrl.parse("infersla.storage.jdbc-url", "host=h port=x", "infersla"))
                .hasMessage("infersla.storage.jdbc-url: port must be a number 1..65535, was 'x'");
    }

    @Test
    void explicitCredentialsWinOverTheUrlsAndTheUrlsOverTheDefault() {
        PostgresUrl url = PostgresUrl.parse(KEY, "postgresql://u:p@h/db", DEFAULT_USER);

        assertThat(url.withCredentials(Optional.empty(), Optional.empty())).isEqualTo(url);
        assertThat(url.withCredentials(Optional.of("admin"), Optional.empty()))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h/db", "admin", "p"));
        assertThat(url.withCredentials(Optional.of("admin"), Optional.of("x")))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h/db", "admin", "x"));
        assertThat(PostgresUrl.parse(KEY, "postgresql://h/db", DEFAULT_USER).withCredentials(Optional.empty(), Optional.of("x")))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h/db", "me", "x"));
    }

    @Test
    void theJdbcUrlAndToStringNeverCarryThePassword() {
        PostgresUrl url = PostgresUrl.parse(KEY, "jdbc:postgresql://h/db?password=" + SECRET + "&user=u", DEFAULT_USER);

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
        assertThat(url.toString()).isEqualTo("jdbc:postgresql://h/db as u (with a password)").doesNotContain(SECRET);
    }
}
