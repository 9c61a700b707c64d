package dev.asyncsqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.SkipException;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.Test;

/**
 * The Reactive Streams TCK's publisher rules, checked against {@link Cursor#rows()} over a query
 * that yields exactly the number of rows the TCK asks for.
 */
@Test
public class RowPublisherTckTest extends FlowPublisherVerification<Row> {
    private static final String COUNT_TO = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?)"
            + " SELECT i FROM r";

    private final List<Connection> opened = new ArrayList<>();

    public RowPublisherTckTest() {
        super(new TestEnvironment(2_000, 200));
    }

    private Connection connect() {
        Connection db = AsyncSqlite.connect(ConnectOptions.builder(":memory:").iterChunkSize(8).build()).join();
        synchronized (opened) {
            opened.add(db);
        }
        return db;
    }

    @AfterMethod
    public void closeConnections() {
        synchronized (opened) {
            opened.forEach(Connection::close);
            opened.clear();
        }
    }

    @Override
    public Flow.Publisher<Row> createFlowPublisher(long elements) {
        Connection db = connect();
        Cursor cursor = elements == 0 ? db.execute("SELECT 1 WHERE 0").join() : db.execute(COUNT_TO, elements).join();
        return cursor.rows();
    }

    @Override
    public Flow.Publisher<Row> createFailedFlowPublisher() {
        Connection db = connect();
        Cursor cursor = db.execute(COUNT_TO, 10).join();
        db.close();
        return cursor.rows();
    }

    @Override
    public void optional_spec111_maySupportMultiSubscribe() throws Throwable {
        throw new SkipException("A cursor's rows can be read once: rows() is unicast, as rule 1.11 allows, and a second "
                + "subscriber receives onError(IllegalStateException) right after onSubscribe (rule 1.9).");
    }
}
