import { describe, expect, it } from "vitest";
import { parseKeyValueList } from "./key-value-list.js";

describe(parseKeyValueList.name, () => {
  it("reads the chart's folded list, blanks around entries ignored", () => {
    expect(parseKeyValueList("k8s.pod.ip=10.1.2.3, k8s.pod.name=p-1,\n k8s.node.name=node-1,")).toEqual({
      "k8s.pod.ip": "10.1.2.3",
      "k8s.pod.name": "p-1",
      "k8s.node.name": "node-1",
    });
  });

  it("percent-decodes values and keeps '=' inside them", () => {
    expect(parseKeyValueList("team=risk%20desk,query=a=b")).toEqual({ team: "risk desk", query: "a=b" });
  });

  it.each(["novalue", "=x", "two words=x"])("rejects the entry %j", (entry) => {
    expect(parseKeyValueList(`a=1,${entry}`)).toMatch(/^expected key=value pairs separated by commas \(bad entry/);
  });

  it("rejects a value that is not valid percent-encoding", () => {
    expect(parseKeyValueList("a=%E0%A4%A")).toBe("expected a percent-encoded value for a");
  });
});
