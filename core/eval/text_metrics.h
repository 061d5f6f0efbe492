// ROUGE-1 and ROUGE-L F-measure (as the rouge-score package computes them, without stemming) and
// Persona-F1 (unigram F1 between a generated text and the user's history text, Ma et al. 2021).
// Leaves out ROUGE-Lsum and stemming.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace persona::eval {

struct RougeScore {
    double precision = 0.0; // against the candidate's length
    double recall = 0.0;    // against the reference's length
    double fmeasure = 0.0;
};

// rouge-score's tokenizer: ASCII-lowercase, every run of characters other than a-z0-9 is a break.
std::vector<std::string> rougeTokens(std::string_view text);

// Clipped unigram overlap. Empty reference or candidate gives all zeros.
RougeScore rouge1(std::string_view reference, std::string_view candidate);
// Longest common subsequence of tokens.
RougeScore rougeL(std::string_view reference, std::string_view candidate);

// Unigram F1 between output and history (clipped counts over rougeTokens): precision over the
// output's tokens, recall over the history's.
double personaF1(std::string_view output, std::string_view historyText);

} // namespace persona::eval
