package io.vigil.bench.wire;

import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import io.vigil.wire.SecurityMessageCodec;
import io.vigil.wire.WireException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the hub can decode and validate security messages: one realistic ~64 KB message
 * (ProcessCreate, ConnectionCreate, Login and ListeningPorts events, a few hundred payload items),
 * plain and gzip-compressed.
 *
 * <p>Besides messages per second, the {@link Throughput} counters report MB/s of JSON (10^6
 * bytes of the plain message, also for the gzip run) and payload items (events) per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WireDecodeBenchmark {
  static final int TARGET_BYTES = 64 * 1024;

  /** The message under test, built once. */
  @State(Scope.Benchmark)
  public static class Input {
    final SecurityMessageCodec codec = new SecurityMessageCodec();
    byte[] json;
    byte[] gzip;
    int items;

    @Setup
    public void build() throws WireException {
      json = RealisticMessage.json(TARGET_BYTES);
      SecurityMessage message = codec.decode(json);
      gzip = codec.encodeGzip(message);
      items = message.events().stream().mapToInt(e -> e.payload().size()).sum();
      System.out.printf("%nmessage: %d bytes JSON, %d bytes gzip, %d events, %d payload items%n",
          json.length, gzip.length, message.events().size(), items);
    }
  }

  /** Per-operation counters JMH turns into rates: megabytes/s and items/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double megabytes;
    public long items;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
      items = 0;
    }

    void count(Input input, SecurityMessage message) {
      megabytes += input.json.length / 1e6;
      for (SecurityEvent event : message.events()) {
        items += event.payload().size();
      }
    }
  }

  @Benchmark
  public SecurityMessage decode(Input input, Throughput throughput) throws WireException {
    SecurityMessage message = input.codec.decode(input.json);
    throughput.count(input, message);
    return message;
  }

  @Benchmark
  public SecurityMessage decodeGzip(Input input, Throughput throughput) throws WireException {
    SecurityMessage message = input.codec.decode(input.gzip);
    throughput.count(input, message);
    return message;
  }
}
