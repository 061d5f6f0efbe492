// The "decoder" section of a run config: how a method trains the decoder (frozen, LoRA, full
// fine-tuning) and the LoRA's rank and alpha. Read by the methods that put a decoder to work
// (PERSOMA, text prompting); torch-free, so the API and its callers can hold it. Leaves out
// applying the mode to a decoder (decoder_training.h).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace persona::methods {

enum class DecoderMode { Frozen, Lora, Full };
const char* decoderModeName(DecoderMode mode); // "frozen", "lora", "full"
DecoderMode parseDecoderMode(const std::string& name); // ConfigError otherwise

struct LoraSettings {
    std::int64_t rank = 4;
    double alpha = 8.0;
};

struct DecoderSection {
    DecoderMode mode = DecoderMode::Frozen;
    LoraSettings lora;

    nlohmann::json toJson() const; // {"mode", "loraRank", "loraAlpha"}
    // Missing fields keep their defaults; unknown fields and wrong types are ConfigErrors naming
    // "decoder.<field>".
    static DecoderSection fromJson(const nlohmann::json& section);
    void validate() const; // ranges, naming the field
};

} // namespace persona::methods
