// Estimates the memory a training run's steps need before the first one runs, so a run that cannot
// fit stops with a clear error (naming train.microBatchSize) instead of being killed by the
// system's out-of-memory killer half an hour later: the tensors one decoder forward/backward pass
// keeps (counted from what core/nn's blocks save for the backward pass), the gradients and AdamW
// moments, and the allocator's overhead on top of them. Leaves out GPU memory (CUDA raises its own
// out-of-memory error, which the run reports) and PERSOMA's adapter (small beside the decoder).
#pragma once

#include "core/methods/decoder_training.h"
#include "core/nn/model_config.h"

#include <cstdint>
#include <optional>
#include <string>

namespace persona::train {

// Bytes of the tensors a forward/backward pass of `sequences` decoder sequences, padded to
// `seqLen` tokens with `targetTokens` scored tokens each, holds at its peak (activations saved for
// the backward pass, the logits of the target tokens, the largest layer's backward temporaries),
// weights and activations stored in `elementBytes` (4: float32, 2: bfloat16 or float16), the
// decoder trained as `mode` (Frozen: gradients flow through it to soft prompts only, so the inputs
// of its linear layers are not kept; Full: add the weight copies, estimateTrainingMemory does).
// Checked against runtime::TensorMemoryMeter in tests/core/train/test_memory_estimate.cpp. Throws
// ConfigError for a non-positive count.
std::int64_t estimatePassTensorBytes(const nn::LlamaConfig& decoder, std::int64_t sequences, std::int64_t seqLen,
                                     std::int64_t targetTokens, std::int64_t elementBytes,
                                     methods::DecoderMode mode = methods::DecoderMode::Lora);

// Resident memory grows by more than the tensor bytes: glibc's allocator keeps freed blocks for
// reuse, so a training step's peak resident memory measured up to 1.65x its peak tensor bytes
// (docs/benchmarks.md, "Memory of a training step"). The check uses this factor.
inline constexpr double kAllocatorOverhead = 1.65;

// The memory this process may still use, in bytes: the system's MemAvailable (/proc/meminfo), or
// less where a memory cgroup (a container's limit, v1 or v2) leaves less room: its limit less its
// usage, inactive file pages not counted. nullopt where none of these can be read. `root` prefixes
// every path (tests give a fake tree); "" is the real system.
std::optional<std::int64_t> availableMemoryBytes(const std::string& root = "");

struct TrainingMemoryInput {
    nn::LlamaConfig decoder;
    std::int64_t elementBytes = 4;
    int batchSize = 1;
    int microBatchSize = 0;              // train.microBatchSize: 0 = the whole batch in one pass
    std::int64_t longestSequence = 0;    // decoder input + target tokens of the longest training example
    std::int64_t longestTarget = 0;      // target tokens of the example with the most
    std::int64_t trainableParameters = 0;
    methods::DecoderMode decoderMode = methods::DecoderMode::Lora; // Full also keeps fused weight copies
};

struct TrainingMemoryEstimate {
    int examplesPerPass = 0;
    std::int64_t passTensorBytes = 0;    // estimatePassTensorBytes of one pass
    std::int64_t optimizerBytes = 0;     // gradients and the two AdamW moments of the trained tensors (and,
                                         // training the decoder, AdamW's temporaries for the embedding)
    std::int64_t processBytes = 0;       // kAllocatorOverhead x pass + optimizer: what the process grows by
};

TrainingMemoryEstimate estimateTrainingMemory(const TrainingMemoryInput& in);

// Throws ConfigError when estimateTrainingMemory(in).processBytes exceeds limitBytes, naming both
// figures in GiB and the largest train.microBatchSize whose estimate fits (or saying that none
// does, with the batch size and history as the way out). `where` opens the message.
void checkTrainingMemory(const TrainingMemoryInput& in, std::int64_t limitBytes, const std::string& where);

// What a run will do about memory: the limit it checks against, the pass size it will use and
// the estimate at that size (Run::planMemory).
struct TrainingMemoryPlan {
    std::optional<std::int64_t> limitBytes; // none: GPU, train.memoryLimitMiB -1, or unreadable
    int microBatchSize = 0;                 // train.microBatchSize with -1 resolved
    TrainingMemoryEstimate estimate;        // at that pass size
    std::int64_t longestSequence = 0;
};

// train.microBatchSize -1 (automatic): 0 (the whole batch in one pass) when its estimate fits in
// limitBytes, else the largest number of examples a pass that fits. in.microBatchSize is ignored.
// Throws checkTrainingMemory's ConfigError when not even one example a pass fits.
int chooseMicroBatch(TrainingMemoryInput in, std::int64_t limitBytes, const std::string& where);

} // namespace persona::train
