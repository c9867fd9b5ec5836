import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteException;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.almworks.sqlite4java.SQLiteStatement;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteDBAccess;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts DynamoDB Local (same arguments as its jar) and sets its SQLite connection to WAL with
 * synchronous=NORMAL.
 *
 * DynamoDB Local commits every item of a BatchWriteItem as its own SQLite transaction, and SQLite's
 * default (rollback journal, synchronous=FULL) fsyncs the journal and the database on each commit: on
 * the local cloud's disk that, not the CPU, bounds every write-heavy service (decision 0027). With WAL and
 * synchronous=NORMAL a commit is an append to the WAL in the page cache and fsyncs happen at checkpoints:
 * committed data survives DynamoDB Local being stopped or killed (the OS writes the page cache out), and
 * the database stays consistent on power loss, which may lose the last commits — a local emulator's
 * trade. WAL is persistent in the file; synchronous is per connection, hence this launcher.
 *
 * DynamoDB Local opens its database on the first request, so a daemon thread looks for it every 100 ms
 * (through the server's fields: DynamoDB Local has no API for it), prints one line when it is set, and
 * then checkpoints the WAL every 10 s through a connection of its own.
 *
 * Usage: java -cp "DynamoDBLocal.jar:DynamoDBLocal_lib/*" DynamoDbLocalLauncher.java [DynamoDB Local args]
 */
public class DynamoDbLocalLauncher {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
    server.start();
    Thread tuner = new Thread(() -> {
      try {
        // DynamoDbLocal.start sends a request right away, so the database opens within a second or two.
        for (int attempt = 0; tune(server).isEmpty(); attempt++) {
          if (attempt == 600) throw new IllegalStateException("no SQLite database opened within 60 s");
          Thread.sleep(100);
        }
        // DynamoDB Local's connection never checkpoints the WAL (measured: the WAL grew past 200 MB while
        // the database file stayed empty; a checkpoint job on its own connection did nothing either), so a
        // connection of our own does, every 10 s: PASSIVE never blocks DynamoDB Local, but under steady
        // writes it never lets the WAL start over, so past 64 MB a TRUNCATE waits up to 250 ms for a gap.
        File database = databaseFile(args);
        if (database == null) return;
        File wal = new File(database.getPath() + "-wal");
        SQLiteConnection checkpointer = new SQLiteConnection(database);
        checkpointer.open(false);
        checkpointer.setBusyTimeout(250);
        while (true) {
          Thread.sleep(10_000);
          try {
            checkpointer.exec(
                wal.length() > 64L << 20 ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(PASSIVE)");
          } catch (SQLiteException busy) {
            // no gap in the writes this time: the next round tries again
          }
        }
      } catch (Exception error) {
        System.out.println("kes: SQLite tuning stopped: " + error);
      }
    }, "kes-sqlite-tuner");
    tuner.setDaemon(true);
    tuner.start();
    server.join();
  }

  /** The shared database file (`-sharedDb -dbPath <dir>`, as the local cloud runs it); null otherwise. */
  private static File databaseFile(String[] args) {
    List<String> list = List.of(args);
    int path = list.indexOf("-dbPath");
    if (path < 0 || path + 1 >= args.length || !list.contains("-sharedDb")) return null;
    return new File(args[path + 1], "shared-local-instance.db");
  }

  /** The queues of the database accesses the server holds, once set; empty while it has opened none. */
  private static List<SQLiteQueue> tune(DynamoDBProxyServer server) throws Exception {
    List<SQLiteDBAccess> found = new ArrayList<>();
    find(server, 0, Collections.newSetFromMap(new IdentityHashMap<>()), found);
    Field queueField = SQLiteDBAccess.class.getDeclaredField("queue");
    queueField.setAccessible(true);
    List<SQLiteQueue> queues = new ArrayList<>();
    for (SQLiteDBAccess access : found) {
      SQLiteQueue queue = (SQLiteQueue) queueField.get(access);
      if (queue == null) return List.of();
      queues.add(queue);
    }
    for (SQLiteQueue queue : queues) {
      String mode = queue.execute(new SQLiteJob<String>() {
        @Override
        protected String job(SQLiteConnection connection) throws Throwable {
          SQLiteStatement statement = connection.prepare("PRAGMA journal_mode=WAL");
          statement.step();
          String journal = statement.columnString(0);
          statement.dispose();
          connection.exec("PRAGMA synchronous=NORMAL");
          // After a checkpoint SQLite reuses the WAL from its start; this truncates a WAL that grew large.
          connection.exec("PRAGMA journal_size_limit=67108864");
          return journal;
        }
      }).complete();
      System.out.println("kes: SQLite journal_mode=" + mode + ", synchronous=NORMAL");
    }
    return queues;
  }

  /** Collects the SQLiteDBAccess objects reachable from `node` through instance fields, maps and lists. */
  private static void find(Object node, int depth, Set<Object> seen, List<SQLiteDBAccess> found) {
    if (node == null || depth > 8 || !seen.add(node)) return;
    if (node instanceof SQLiteDBAccess access) {
      found.add(access);
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Object value : new ArrayList<>(map.values())) find(value, depth + 1, seen, found);
      return;
    }
    if (node instanceof Collection<?> collection) {
      for (Object value : new ArrayList<>(collection)) find(value, depth + 1, seen, found);
      return;
    }
    String name = node.getClass().getName();
    if (node.getClass().isArray() || name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("org.eclipse.")) return;
    for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) continue;
        try {
          field.setAccessible(true);
          find(field.get(node), depth + 1, seen, found);
        } catch (RuntimeException | IllegalAccessException inaccessible) {
          // a field we may not read: not where DynamoDB Local keeps its database
        }
      }
    }
  }
}
