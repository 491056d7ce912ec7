package io.vigil.agent.collect.kernelmodule;

import java.util.List;

/**
 * One line of /proc/modules.
 *
 * @param references the reference count, -1 if the kernel cannot unload modules and does not count
 * @param usedBy the modules that use this one (the "used by" column), in the kernel's order
 * @param permanent true if the module cannot be unloaded (it has no exit function)
 * @param state Live, Loading or Unloading
 * @param address the load address; 0 when the kernel hides it (kptr_restrict, not root)
 * @param taint the taint flags without parentheses, such as {@code OE}; null if untainted
 */
record LoadedModule(String name, long sizeBytes, int references, List<String> usedBy, boolean permanent, String state,
    long address, String taint) {}
