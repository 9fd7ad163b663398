#include "recessive/engine/process_memory.h"

#include <climits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace recessive {

bool keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  // No allocation is served by mmap (each would be unmapped on free), and the heap's top is trimmed only once
  // INT_MAX bytes of it are free.
  return mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
#else
  return false;
#endif
}

}  // namespace recessive
