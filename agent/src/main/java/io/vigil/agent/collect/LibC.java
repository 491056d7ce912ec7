package io.vigil.agent.collect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library functions the netlink sources (processes, sockets) call, bound through the Java foreign function API
 * on first use (so a platform without them fails where they are first needed, not at class load).
 *
 * <p>Calls marked with errno take a leading {@link #CAPTURE} segment that receives errno.
 */
@SuppressWarnings("restricted") // binding C functions is what this class is for
public final class LibC {
  public static final Linker LINKER = Linker.nativeLinker();
  public static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  public static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  public static final MethodHandle SETSOCKOPT =
      bind("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  public static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  public static final MethodHandle SENDTO =
      bind("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  public static final MethodHandle RECV = bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  public static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  /** sched_setscheduler(pid, policy, struct sched_param *): pid 0 is the calling thread. */
  public static final MethodHandle SCHED_SETSCHEDULER =
      bind("sched_setscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
  /** setpriority(which, who, nice): on Linux, PRIO_PROCESS with who 0 is the calling thread. */
  public static final MethodHandle SETPRIORITY = bind("setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle STRERROR = LINKER.downcallHandle(symbol("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private LibC() {}

  private static MemorySegment symbol(String name) {
    return LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsupportedOperationException("no " + name + " in the C library"));
  }

  private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.captureCallState("errno"));
  }

  /** The errno a call left in {@code state}. */
  public static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** The C library's text for {@code errno}, such as "Operation not permitted". */
  public static String strerror(int errno) {
    try {
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("strerror(" + errno + ") failed: " + e, e);
    }
  }
}
