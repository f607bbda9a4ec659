// A parser simulator over a prediction cache that only its own thread reads
// and writes (ItemParser::Cache).
//
// ANTLR 4.9's ParserATNSimulator::getExistingTargetState takes a process-wide
// reader-writer lock (the static ATNSimulator::_edgeLock: a mutex and two
// condition variables) to read one DFA edge, once per token predicted. Its
// DFA may be shared between parsers, which is what the lock is for; flytec
// gives each thread a DFA of its own, so the lock guards nothing, while every
// parsing thread of the process takes it, and on two cores its cache line
// moves between them at every token. Writes (addDFAEdge, addDFAState) keep
// the runtime's locks: they are rare once the DFA has warmed up.
#pragma once

#include "antlr4-runtime.h"

namespace flytec {

class PrivateDfaSimulator final : public antlr4::atn::ParserATNSimulator {
 public:
  using ParserATNSimulator::ParserATNSimulator;

 protected:
  antlr4::dfa::DFAState* getExistingTargetState(antlr4::dfa::DFAState* previous, size_t symbol) override {
    auto edge = previous->edges.find(symbol);
    return edge == previous->edges.end() ? nullptr : edge->second;
  }
};

}  // namespace flytec
