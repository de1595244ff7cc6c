// One (op, depth) cell with the official ZooKeeper Java client, the same way
// benchmarks/lib/throughput-cell.ts does it for the Node.js clients: `depth`
// requests in flight, each completion (AsyncCallback) issuing the next
// request; a warm-up, then a measured window. Prints one line:
//   CELL-RESULT {json}
// Compiled by benchmarks/client-throughput.ts into a temp folder at run time:
//   javac -cp /usr/share/java/zookeeper.jar -d DIR ZkThroughput.java
//   java -cp DIR:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar ZkThroughput \
//     CONNECT_STRING PATH getData|setData DEPTH SIZE WARMUP_MS DURATION_MS
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

public final class ZkThroughput {
  private static final AtomicLong done = new AtomicLong();
  private static final AtomicLong errors = new AtomicLong();
  private static final AtomicReference<String> firstError = new AtomicReference<>();
  private static volatile boolean stop = false;

  public static void main(String[] args) throws Exception {
    String connectString = args[0];
    String path = args[1];
    String op = args[2];
    int depth = Integer.parseInt(args[3]);
    int size = Integer.parseInt(args[4]);
    long warmupMs = Long.parseLong(args[5]);
    long durationMs = Long.parseLong(args[6]);

    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper zk = new ZooKeeper(connectString, 30000, event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
    });
    if (!connected.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not connected within 30 s");

    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 'a');
    CountDownLatch drained = new CountDownLatch(depth);
    boolean isGet = op.equals("getData");
    if (!isGet && !op.equals("setData")) throw new IllegalArgumentException("op must be getData or setData: " + op);

    AsyncCallback.DataCallback onData = new AsyncCallback.DataCallback() {
      @Override
      public void processResult(int rc, String p, Object ctx, byte[] data, Stat stat) {
        complete(rc);
        if (stop) drained.countDown();
        else zk.getData(path, false, this, null);
      }
    };
    AsyncCallback.StatCallback onStat = new AsyncCallback.StatCallback() {
      @Override
      public void processResult(int rc, String p, Object ctx, Stat stat) {
        complete(rc);
        if (stop) drained.countDown();
        else zk.setData(path, payload, -1, this, null);
      }
    };
    for (int i = 0; i < depth; i++) {
      if (isGet) zk.getData(path, false, onData, null);
      else zk.setData(path, payload, -1, onStat, null);
    }

    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Thread.sleep(warmupMs);
    long ops0 = done.get();
    long errors0 = errors.get();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    Thread.sleep(durationMs);
    long ops1 = done.get();
    long cpu1 = os.getProcessCpuTime();
    long t1 = System.nanoTime();
    long errors1 = errors.get();
    stop = true;
    drained.await(30, TimeUnit.SECONDS);
    String server = serverOf(zk);
    zk.close();
    if (errors1 > errors0) {
      System.err.println((errors1 - errors0) + " " + op + " failed, first: " + firstError.get());
      System.exit(1);
    }

    long ops = ops1 - ops0;
    double elapsedMs = (t1 - t0) / 1e6;
    System.out.println("CELL-RESULT {"
        + "\"client\":\"java\",\"op\":\"" + op + "\",\"depth\":" + depth
        + ",\"ops\":" + ops
        + ",\"elapsedMs\":" + elapsedMs
        + ",\"opsPerSec\":" + (ops * 1000.0 / elapsedMs)
        + ",\"cpuUsPerOp\":" + ((cpu1 - cpu0) / 1000.0 / ops)
        + ",\"peakRssBytes\":" + peakRssBytes()
        + ",\"server\":\"" + server + "\""
        + ",\"errors\":" + (errors1 - errors0) + "}");
    System.exit(0);
  }

  private static void complete(int rc) {
    if (rc == 0) {
      done.incrementAndGet();
    } else {
      errors.incrementAndGet();
      firstError.compareAndSet(null, "rc=" + rc);
    }
  }

  /** "127.0.0.1:PORT" from "remoteserver:localhost/127.0.0.1:PORT" in ZooKeeper.toString(). */
  private static String serverOf(ZooKeeper zk) {
    String s = zk.toString();
    int i = s.indexOf("remoteserver:");
    if (i < 0) return "?";
    String rest = s.substring(i + "remoteserver:".length()).split(" ")[0];
    return rest.substring(rest.lastIndexOf('/') + 1);
  }

  /** VmHWM from /proc/self/status: peak resident set size. */
  private static long peakRssBytes() throws Exception {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
    return -1;
  }
}
