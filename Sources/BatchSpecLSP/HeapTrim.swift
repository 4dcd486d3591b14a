// Giving the heap's free pages back to the system, where the C library can.

#if canImport(Glibc)
  import Glibc
#endif

enum HeapTrim {
  /// Returns the whole free pages of every malloc arena to the system (glibc keeps them, so that
  /// freed memory stays resident); elsewhere, does nothing. glibc's `malloc_trim` is in
  /// `<malloc.h>`, which the Glibc module does not export: it is looked up by name and called as
  /// the C function it is (once per pause of the editor, so the lookup costs nothing that counts).
  static func releaseFreePages() {
    #if canImport(Glibc)
      typealias MallocTrim = @convention(c) (Int) -> Int32
      guard let symbol = dlsym(nil, "malloc_trim") else { return }
      _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    #endif
  }
}
