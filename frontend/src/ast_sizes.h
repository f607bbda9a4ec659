// The size of every AST struct (ast.h) on the only platform built (x86-64,
// libstdc++), pinned for the two walks that must visit every field: the
// deep copy (ast_clone.cpp) and the shift in place (ast_shift.cpp). A failure
// here means ast.h changed: copy and shift the new field in both, then update
// the size.
#pragma once

#include "frontend/ast.h"

namespace flytec::ast {

static_assert(sizeof(Ident) == 32);
static_assert(sizeof(Expr) == 32);
static_assert(sizeof(Arg) == 64);
static_assert(sizeof(TypeRef) == 96);
static_assert(sizeof(Field) == 64);
static_assert(sizeof(Block) == 40);
static_assert(sizeof(Param) == 160);
static_assert(sizeof(Outputs) == 48);
static_assert(sizeof(Decl) == 96);
static_assert(sizeof(TaskDecl) == 232);
static_assert(sizeof(Node) == 88);
static_assert(sizeof(WorkflowDecl) == 240);
static_assert(sizeof(LaunchPlanDecl) == 168);
static_assert(sizeof(StringExpr) == 72);
static_assert(sizeof(CallExpr) == 96);
static_assert(sizeof(MapExpr) == 80);
static_assert(sizeof(BinaryExpr) == 80);
static_assert(sizeof(DictEntry) == 64);
static_assert(sizeof(EnumDecl) == 120);
static_assert(sizeof(StructDecl) == 120);
static_assert(sizeof(FloatExpr) == 56);
static_assert(sizeof(DurationExpr) == 56);
static_assert(sizeof(MemberExpr) == 72);
static_assert(sizeof(IndexExpr) == 48);
static_assert(sizeof(PartialExpr) == 80);
static_assert(sizeof(UnaryExpr) == 72);
static_assert(sizeof(TupleExpr) == 56);
static_assert(sizeof(ListExpr) == 56);
static_assert(sizeof(DictExpr) == 56);
static_assert(sizeof(NameExpr) == 48);
static_assert(sizeof(IntExpr) == 40);
static_assert(sizeof(BoolExpr) == 40);

}  // namespace flytec::ast
