package io.vigil.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One write of {@link ResidentWorkspaces} split by workspace. Every workspace's part is written,
 * whatever happens to the others, and what failed is thrown at the end: a failure in one workspace
 * neither fails nor undoes the parts that the others stored. Not thread-safe: one per call.
 *
 * @param <T> the rows written
 */
final class SplitWrite<T> {
  private final String what;
  private final int rows;
  private final Map<String, List<T>> parts = new LinkedHashMap<>();
  private final List<String> failedWorkspaces = new ArrayList<>();
  private final List<T> failed = new ArrayList<>();
  private RuntimeException first;

  /**
   * @param what the rows, as the failure's message names them ("raw event rows")
   * @param workspaceOf the name of the workspace an item goes to
   */
  SplitWrite(String what, List<T> items, Function<T, String> workspaceOf) {
    this(what, items, Function.identity(), workspaceOf);
  }

  /**
   * @param keyOf what decides an item's workspace (a security group), asked of every item
   * @param workspaceOf the name of the workspace items of a key go to, asked again only when the key changes from one item to the next
   */
  <K> SplitWrite(String what, List<T> items, Function<T, K> keyOf, Function<K, String> workspaceOf) {
    this.what = what;
    this.rows = items.size();
    K lastKey = null;
    List<T> part = null;
    for (T item : items) {
      K key = keyOf.apply(item);
      if (part == null || !key.equals(lastKey)) {
        lastKey = key;
        part = parts.computeIfAbsent(workspaceOf.apply(key), w -> new ArrayList<>());
      }
      part.add(item);
    }
  }

  /** Writes each workspace's part with {@code write}; a part that throws is noted as failed, and the next is still written. */
  void run(BiConsumer<String, List<T>> write) {
    parts.forEach((workspace, part) -> {
      try {
        write.accept(workspace, part);
      } catch (RuntimeException e) {
        fail(workspace, part, e);
      }
    });
  }

  /** Notes that writing {@code items} to {@code workspace} failed with {@code e}. */
  void fail(String workspace, List<T> items, RuntimeException e) {
    if (!failedWorkspaces.contains(workspace)) {
      failedWorkspaces.add(workspace);
    }
    failed.addAll(items);
    if (first == null) {
      first = e;
    } else if (first != e) {
      first.addSuppressed(e);
    }
  }

  /** The items that were not stored. */
  List<T> failed() {
    return failed;
  }

  /**
   * Throws what failed, if anything did: the failure itself when every row failed in one workspace
   * (nothing was stored, as without residency), else {@code split} of the message and the first failure.
   */
  void throwIfFailed(BiFunction<String, RuntimeException, SplitWriteException> split) {
    if (first == null) {
      return;
    }
    if (failedWorkspaces.size() == 1 && failed.size() == rows) {
      throw first;
    }
    throw split.apply(SplitWriteException.message(what, failedWorkspaces, failed.size(), rows, first), first);
  }
}
