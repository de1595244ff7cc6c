// The parsed form of a Go text/template (the subset Prometheus rule templates use).

export type Arg =
  | { k: "dot"; chain: string[] }
  | { k: "var"; name: string; chain: string[] }
  | { k: "str"; v: string }
  | { k: "num"; v: number }
  | { k: "bool"; v: boolean }
  | { k: "nil" }
  | { k: "fn"; name: string }
  | { k: "pipe"; pipe: Pipe; chain: string[] };

/** One command of a pipeline: a function with arguments, or a single operand. */
export type Cmd = Arg[];

export interface Pipe {
  /** Variables declared (`$x :=`) or assigned (`$x =`) by this pipeline. */
  vars: string[];
  assign: boolean;
  cmds: Cmd[];
}

export type Node =
  | { k: "text"; text: string }
  | { k: "action"; pipe: Pipe }
  | { k: "if" | "with"; pipe: Pipe; body: Node[]; otherwise?: Node[] }
  | { k: "range"; pipe: Pipe; body: Node[]; otherwise?: Node[] };
