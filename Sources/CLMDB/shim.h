#ifndef LAUNCHPAD_CLMDB_SHIM_H
#define LAUNCHPAD_CLMDB_SHIM_H
#include <lmdb.h>
#endif
