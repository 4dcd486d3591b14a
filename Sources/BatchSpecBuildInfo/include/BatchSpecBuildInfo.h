// What the build knows about itself: the commit the binary was built from.
#ifndef BATCHSPEC_BUILD_INFO_H
#define BATCHSPEC_BUILD_INFO_H

/// The commit the binary was built from, as `.packaging/build-static` passes it
/// (`-Xcc -DBATCHSPEC_COMMIT="..."`), or "unknown" for a plain `swift build`.
const char *batchspec_build_commit(void);

#endif
