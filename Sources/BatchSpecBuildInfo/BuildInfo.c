// The commit baked in at build time. A plain `swift build` (a clone, or a tarball without .git)
// defines nothing and gets "unknown"; `.packaging/build-static` defines it from git.
#include "BatchSpecBuildInfo.h"

#ifndef BATCHSPEC_COMMIT
#define BATCHSPEC_COMMIT "unknown"
#endif

const char *batchspec_build_commit(void) { return BATCHSPEC_COMMIT; }
