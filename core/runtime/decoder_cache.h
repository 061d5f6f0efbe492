// One loaded decoder per file across the process, for viewers that leave it as loaded (issue 33,
// defect 7: two runs over one GGUF each held their own copy, hundreds of MB apiece). Entries are
// weak: a decoder is freed when the last run using it closes. Leaves out training (a training run
// loads its own decoder: it changes modes, adds LoRAs and fills caches as it goes).
#pragma once

#include "core/runtime/model_loader.h"

#include <memory>
#include <mutex>

namespace persona::runtime {

struct SharedDecoder {
    LoadedDecoder decoder;
    std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>(); // held while running it
};

// The decoder at `path` on options' device and dtype: the one already loaded in this process when
// the file (same path once resolved, same size and modification time) is, else a fresh load.
// Throws what loadDecoder throws; a failed load leaves nothing cached.
std::shared_ptr<SharedDecoder> sharedDecoder(const std::string& path, const LoadOptions& options = {});
// How many shared decoders are alive now (tests, memory notes).
std::size_t sharedDecodersAlive();

} // namespace persona::runtime
