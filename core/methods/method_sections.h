// The methods' config sections of a run config, in one aggregate, and the table that writes,
// reads, upgrades and validates them by their JSON key. A method lists the sections it reads in
// its MethodSpec; a section that every run has always written ("persoma", "decoder") is written
// for every method, one that only its methods read ("milp") only for them, and refused for others.
// A new method with its own settings adds a member here and one row to sectionSpecs().
// Torch-free. Leaves out the generic parts of a run config (core/train/run_config.h).
#pragma once

#include "core/methods/decoder_section.h"
#include "core/methods/milp/milp_section.h"
#include "core/methods/persoma/persoma_section.h"
#include "core/methods/user_llm/user_llm_section.h"

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace persona::methods {

struct ItemParts;

struct MethodSections {
    PersomaSection persoma; // "persoma"
    DecoderSection decoder; // "decoder": how the decoder is trained (frozen, LoRA, full)
    MilpSection milp;       // "milp"
    UserLlmSection userLlm; // "userLlm"
};

struct SectionSpec {
    const char* key;
    bool alwaysWritten; // written (and accepted) for every method, read or not
    nlohmann::json (*write)(const MethodSections&);
    void (*read)(MethodSections&, const nlohmann::json& section); // ConfigError naming "<key>.<field>"
    void (*upgradeSaved)(nlohmann::json& section);                 // earlier versions' files; may be null
    void (*validate)(const MethodSections&, const ItemParts& parts); // may be null
};

// Every section, in the order config files list them (nlohmann sorts keys on output anyway).
const std::vector<SectionSpec>& sectionSpecs();

} // namespace persona::methods
