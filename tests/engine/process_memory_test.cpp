#include "recessive/engine/process_memory.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace recessive {
namespace {

#if defined(__GLIBC__)
// Blocks glibc currently serves with mmap, and the bytes free inside the heap, while a 64 MB block is held and
// after it is freed.
struct HeldAndFreed {
  size_t mapped_blocks_while_held, free_heap_bytes_after;
};
HeldAndFreed allocate_and_free_64mb() {
  constexpr size_t kBytes = size_t{64} << 20;
  auto* block = static_cast<char*>(std::malloc(kBytes));
  EXPECT_NE(block, nullptr);
  std::memset(block, 1, kBytes);  // touched, so the compiler cannot drop the allocation
  const size_t mapped = mallinfo2().hblks;
  std::free(block);
  return {mapped, mallinfo2().fordblks};
}

// Run in its own process by CTest (gtest_discover_tests), so the changed allocator settings stay in this test.
TEST(KeepFreedMemoryForReuse, LargeBlocksComeFromTheHeapAndStayThereWhenFreed) {
  const auto before = allocate_and_free_64mb();
  EXPECT_GE(before.mapped_blocks_while_held, 1u) << "glibc's default: a 64 MB block is mmapped";
  ASSERT_TRUE(keep_freed_memory_for_reuse());
  const auto after = allocate_and_free_64mb();
  EXPECT_EQ(after.mapped_blocks_while_held, before.mapped_blocks_while_held - 1) << "the block came from the heap";
  EXPECT_GE(after.free_heap_bytes_after, size_t{64} << 20) << "the freed block stayed in the heap for reuse";
}
#endif

TEST(TunablesWithHugePages, AddsTheTunableToWhatIsSet) {
  EXPECT_EQ(tunables_with_huge_pages(nullptr), std::string(kHugePagesTunable));
  EXPECT_EQ(tunables_with_huge_pages(""), std::string(kHugePagesTunable));
  EXPECT_EQ(tunables_with_huge_pages("glibc.malloc.arena_max=2"),
            std::string("glibc.malloc.arena_max=2:") + kHugePagesTunable);
}

TEST(TunablesWithHugePages, LeavesAUsersHugePagesChoiceAlone) {
  EXPECT_EQ(tunables_with_huge_pages("glibc.malloc.hugetlb=0"), std::nullopt);
  EXPECT_EQ(tunables_with_huge_pages("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2"), std::nullopt);
}

}  // namespace
}  // namespace recessive
