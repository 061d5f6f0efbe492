#include "core/train/memory_estimate.h"

#include "core/common/error.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace persona::train {
namespace {

std::string sizeText(std::int64_t bytes)
{
    char buf[32];
    const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
    if (mib < 1024.0)
        std::snprintf(buf, sizeof buf, "%.0f MiB", mib);
    else
        std::snprintf(buf, sizeof buf, "%.1f GiB", mib / 1024.0);
    return buf;
}

} // namespace

std::int64_t estimatePassTensorBytes(const nn::LlamaConfig& c, std::int64_t sequences, std::int64_t seqLen,
                                     std::int64_t targetTokens, std::int64_t elementBytes, methods::DecoderMode mode)
{
    if (sequences < 1 || seqLen < 1 || targetTokens < 0 || elementBytes < 1)
        throw ConfigError("estimatePassTensorBytes: sequences (" + std::to_string(sequences) + "), length (" +
                          std::to_string(seqLen) + ") and element size (" + std::to_string(elementBytes) +
                          ") must be positive");
    const std::int64_t h = c.hidden;
    const std::int64_t kv = c.kvHeads * c.headDim;
    const std::int64_t inter = c.intermediate;
    const std::int64_t t = seqLen;
    constexpr std::int64_t f32 = 4;
    // What one block saves for the backward pass, per token (core/nn): the residual input, the
    // normalised input and its weighted output of both RMSNorms (6 x hidden); the queries after
    // LoRA, their rotated half and the grouped copy the score matmul keeps (3 x hidden), the input
    // of o_proj (hidden); keys before and after rotation, their rotated half and the values
    // (4 x kv); gate, up, silu(gate) and the product that enters down_proj (4 x intermediate).
    // RMSNorm works in float32 whatever the dtype, so half precision adds float32 copies.
    std::int64_t perToken = (10 * h + 4 * kv + 4 * inter) * elementBytes;
    // With no trained weight in the decoder, autograd keeps a linear layer's input only where a
    // trained tensor needs it: the inputs of q/k/v, o_proj, gate/up and down_proj (3 x hidden and
    // the intermediate product) go once the forward pass is past them.
    if (mode == methods::DecoderMode::Frozen)
        perToken -= (3 * h + inter) * elementBytes;
    if (elementBytes < f32)
        perToken += 3 * h * f32;
    // Per query row: the softmax probabilities (float32, cast once more in half precision).
    const std::int64_t perScoreRow = c.heads * t * (elementBytes < f32 ? f32 + elementBytes : f32);
    const std::int64_t perLayer = t * (perToken + perScoreRow);
    // Outside the blocks: the input embeddings, the final norm, and the target logits in float32
    // with their log-softmax and gradient.
    const std::int64_t outside = t * 4 * h * elementBytes + targetTokens * c.vocabSize * (elementBytes + 3 * f32);
    // The backward pass of the last block runs beside all the saved activations: the gradient of
    // the scores and of the softmax, and of the feed-forward input.
    const std::int64_t backward = t * (2 * c.heads * t * f32 + (2 * inter + 3 * h) * f32);
    return sequences * (c.layers * perLayer + outside + backward);
}

namespace {

// The first number of a small file (a cgroup control file); nullopt when absent, "max" or not a number.
std::optional<std::int64_t> readNumber(const std::filesystem::path& file)
{
    std::ifstream in(file);
    long long v = -1;
    if (in >> v && v >= 0)
        return static_cast<std::int64_t>(v);
    return std::nullopt;
}

// A "key value" line of /proc/meminfo (kB) or a cgroup memory.stat (bytes).
std::optional<std::int64_t> readField(const std::filesystem::path& file, const std::string& key)
{
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string name;
        long long v = -1;
        if (fields >> name >> v && (name == key || name == key + ":") && v >= 0)
            return static_cast<std::int64_t>(v);
    }
    return std::nullopt;
}

// What a memory cgroup still allows: its limit less its usage, not counting inactive file pages,
// which the kernel reclaims before it kills (as `docker stats` counts). nullopt without a limit.
std::optional<std::int64_t> cgroupRoom(const std::filesystem::path& dir, const char* limitFile, const char* usageFile,
                                       const char* inactiveKey)
{
    const auto limit = readNumber(dir / limitFile);
    const auto usage = readNumber(dir / usageFile);
    if (!limit || !usage || *limit >= (std::int64_t{1} << 60))
        return std::nullopt;
    const std::int64_t inactive = readField(dir / "memory.stat", inactiveKey).value_or(0);
    return std::max<std::int64_t>(0, *limit - std::max<std::int64_t>(0, *usage - inactive));
}

} // namespace

std::optional<std::int64_t> availableMemoryBytes(const std::string& root)
{
    namespace fs = std::filesystem;
    const fs::path base(root.empty() ? "/" : root);
    std::optional<std::int64_t> room;
    if (const auto kib = readField(base / "proc/meminfo", "MemAvailable"))
        room = *kib * 1024;
    auto consider = [&](std::optional<std::int64_t> r) {
        if (r)
            room = room ? std::min(*room, *r) : *r;
    };
    // The process's own cgroup (cgroup v2 "0::/path", v1 "N:memory:/path") and, in a container whose
    // cgroup is mounted as the root, the root files.
    std::ifstream cgroups(base / "proc/self/cgroup");
    std::string line;
    std::vector<fs::path> v2Dirs = {base / "sys/fs/cgroup"};
    std::vector<fs::path> v1Dirs = {base / "sys/fs/cgroup/memory"};
    while (std::getline(cgroups, line)) {
        const auto a = line.find(':');
        const auto b = a == std::string::npos ? a : line.find(':', a + 1);
        if (b == std::string::npos)
            continue;
        const std::string controllers = line.substr(a + 1, b - a - 1);
        const std::string path = line.substr(b + 1);
        if (path.empty() || path == "/" || path.find("..") != std::string::npos)
            continue;
        if (controllers.empty())
            v2Dirs.push_back(base / "sys/fs/cgroup" / path.substr(1));
        else if (controllers == "memory" || controllers.find("memory,") == 0 || controllers.find(",memory") != std::string::npos)
            v1Dirs.push_back(base / "sys/fs/cgroup/memory" / path.substr(1));
    }
    for (const auto& d : v2Dirs)
        consider(cgroupRoom(d, "memory.max", "memory.current", "inactive_file"));
    for (const auto& d : v1Dirs)
        consider(cgroupRoom(d, "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"));
    return room;
}

TrainingMemoryEstimate estimateTrainingMemory(const TrainingMemoryInput& in)
{
    TrainingMemoryEstimate e;
    e.examplesPerPass = in.microBatchSize > 0 ? std::min(in.microBatchSize, in.batchSize) : in.batchSize;
    e.passTensorBytes = estimatePassTensorBytes(in.decoder, e.examplesPerPass, std::max<std::int64_t>(1, in.longestSequence),
                                                in.longestTarget, in.elementBytes, in.decoderMode);
    if (in.decoderMode == methods::DecoderMode::Full) {
        // Training the base weights, q/k/v and gate/up are concatenated under autograd in every
        // forward (core/nn/lora_linear.cpp fusedBaseWeight), and the backward pass keeps the copies.
        const nn::LlamaConfig& c = in.decoder;
        e.passTensorBytes += c.layers * c.hidden * (c.hidden + 2 * c.kvHeads * c.headDim + 2 * c.intermediate) * in.elementBytes;
    }
    e.optimizerBytes = 3 * in.trainableParameters * in.elementBytes;
    if (in.decoderMode == methods::DecoderMode::Full) // AdamW's temporaries for its largest tensor, the embedding
        e.optimizerBytes += 2 * in.decoder.vocabSize * in.decoder.hidden * in.elementBytes;
    e.processBytes = static_cast<std::int64_t>(kAllocatorOverhead * static_cast<double>(e.passTensorBytes)) + e.optimizerBytes;
    return e;
}

namespace {

// The largest number of examples a pass below `examplesPerPass` whose estimate fits; 0 when none.
int largestFittingPass(const TrainingMemoryInput& in, int examplesPerPass, std::int64_t limitBytes)
{
    for (int m = examplesPerPass - 1; m >= 1; --m) {
        TrainingMemoryInput smaller = in;
        smaller.microBatchSize = m;
        if (estimateTrainingMemory(smaller).processBytes <= limitBytes)
            return m;
    }
    return 0;
}

} // namespace

void checkTrainingMemory(const TrainingMemoryInput& in, std::int64_t limitBytes, const std::string& where)
{
    const TrainingMemoryEstimate e = estimateTrainingMemory(in);
    if (e.processBytes <= limitBytes)
        return;
    std::string msg = where + ": a training step needs about " + sizeText(e.processBytes) + " (" +
                      std::to_string(e.examplesPerPass) + " sequence(s) of up to " + std::to_string(in.longestSequence) +
                      " tokens in one forward/backward pass) but " + sizeText(limitBytes) + " is available";
    const int fits = largestFittingPass(in, e.examplesPerPass, limitBytes);
    if (fits > 0) {
        TrainingMemoryInput smaller = in;
        smaller.microBatchSize = fits;
        msg += "; set train.microBatchSize to " + std::to_string(fits) + " (about " +
               sizeText(estimateTrainingMemory(smaller).processBytes) + ", the same updates)";
    } else {
        msg += "; even one sequence a pass does not fit: shorten the history (data.historySize) or use a "
               "smaller decoder";
    }
    throw ConfigError(msg + " (train.memoryLimitMiB sets the limit, -1 turns this check off)");
}

int chooseMicroBatch(TrainingMemoryInput in, std::int64_t limitBytes, const std::string& where)
{
    in.microBatchSize = 0;
    if (estimateTrainingMemory(in).processBytes <= limitBytes)
        return 0;
    const int fits = largestFittingPass(in, in.batchSize, limitBytes);
    if (fits == 0)
        checkTrainingMemory(in, limitBytes, where); // throws: not even one example a pass fits
    return fits;
}

} // namespace persona::train
