export * from "./choice";
export * from "./retry";
export * from "./wait";
export * from "./map-config";
export * from "./json-path";
export * from "./payload";
export * from "./intrinsics";
