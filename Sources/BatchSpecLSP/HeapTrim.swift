// Giving the heap's free pages back to the system, where the C library can.

#if canImport(Glibc)
  import Glibc

  /// glibc's `malloc_trim` (in `<malloc.h>`, which the Glibc module does not export).
  @_silgen_name("malloc_trim") private func mallocTrim(_ pad: Int) -> Int32
#endif

enum HeapTrim {
  /// Returns the whole free pages of every malloc arena to the system (glibc keeps them, so that
  /// freed memory stays resident); elsewhere, does nothing.
  static func releaseFreePages() {
    #if canImport(Glibc)
      _ = mallocTrim(0)
    #endif
  }
}
