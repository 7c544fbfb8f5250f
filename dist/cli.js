#!/usr/bin/env node
import { createRequire as __reachdiffCreateRequire } from 'node:module';
const require = __reachdiffCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key2 of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key2) && key2 !== except)
        __defProp(to, key2, { get: () => from[key2], enumerable: !(desc = __getOwnPropDesc(from, key2)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar;
    exports.isSeq = isSeq;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key2, node, visitor, path) {
      const ctrl = callVisitor(key2, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key2, path, ctrl);
        return visit_(key2, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = visit_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key2, node, visitor, path) {
      const ctrl = await callVisitor(key2, node, visitor, path);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key2, path, ctrl);
        return visitAsync_(key2, ctrl, visitor, path);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path = Object.freeze(path.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path = Object.freeze(path.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key2, node, visitor, path) {
      if (typeof visitor === "function")
        return visitor(key2, node, path);
      if (identity.isMap(node))
        return visitor.Map?.(key2, node, path);
      if (identity.isSeq(node))
        return visitor.Seq?.(key2, node, path);
      if (identity.isPair(node))
        return visitor.Pair?.(key2, node, path);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key2, node, path);
      if (identity.isAlias(node))
        return visitor.Alias?.(key2, node, path);
      return void 0;
    }
    function replaceNode(key2, path, node) {
      const parent = path[path.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key2] = node;
      } else if (identity.isPair(parent)) {
        if (key2 === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml2, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml2);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref2 = sourceObjects.get(source);
            if (typeof ref2 === "object" && ref2.anchor && (identity.isScalar(ref2.node) || identity.isCollection(ref2.node))) {
              ref2.node.anchor = ref2.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj2, key2, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj2, key2, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type2) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type2 });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match = tags.filter((t) => t.tag === tagName);
        const tagObj = match.find((t) => !t.format) ?? match[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map2 = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map2.items.push(value);
        return map2;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema: schema2, sourceObjects } = ctx;
      let ref2 = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref2 = sourceObjects.get(value);
        if (ref2) {
          ref2.anchor ?? (ref2.anchor = onAnchor(value));
          return new Alias.Alias(ref2.anchor);
        } else {
          ref2 = { anchor: null, node: null };
          sourceObjects.set(value, ref2);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema2.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref2)
            ref2.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema2[identity.MAP] : Symbol.iterator in Object(value) ? schema2[identity.SEQ] : schema2[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref2)
        ref2.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema2, path, value) {
      let v = value;
      for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema: schema2,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type2, schema2) {
        super(type2);
        Object.defineProperty(this, "schema", {
          value: schema2,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema2) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema2)
          copy.schema = schema2;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema2) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key2, ...rest] = path;
          const node = this.get(key2, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key2, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key2}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key2, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key2);
        const node = this.get(key2, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key2}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key2, ...rest] = path;
        const node = this.get(key2, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key2, ...rest] = path;
        if (rest.length === 0)
          return this.has(key2);
        const node = this.get(key2, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key2, ...rest] = path;
        if (rest.length === 0) {
          this.set(key2, value);
        } else {
          const node = this.get(key2, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key2, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key2}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str4) => str4.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str4, indent, comment) => str4.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str4.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text.length <= endStep)
        return text;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text;
      if (onFold)
        onFold();
      let res = text.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text.length;
        if (fold === 0)
          res = `
${indent}${text.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text[fold]}\\`;
          res += `
${indent}${text.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text[++i];
        } else {
          do {
            ch = text[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str4) => /^(%|---|\.\.\.)/m.test(str4);
    function lineLengthOverLimit(str4, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str4.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str4[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json2 = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json2;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str4 = "";
      let start = 0;
      for (let i = 0, ch = json2[i]; ch; ch = json2[++i]) {
        if (ch === " " && json2[i + 1] === "\\" && json2[i + 2] === "n") {
          str4 += json2.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json2[i + 1]) {
            case "u":
              {
                str4 += json2.slice(start, i);
                const code = json2.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str4 += "\\0";
                    break;
                  case "0007":
                    str4 += "\\a";
                    break;
                  case "000b":
                    str4 += "\\v";
                    break;
                  case "001b":
                    str4 += "\\e";
                    break;
                  case "0085":
                    str4 += "\\N";
                    break;
                  case "00a0":
                    str4 += "\\_";
                    break;
                  case "2028":
                    str4 += "\\L";
                    break;
                  case "2029":
                    str4 += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str4 += "\\x" + code.substr(2);
                    else
                      str4 += json2.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json2[i + 2] === '"' || json2.length < minMultiLineLength) {
                i += 1;
              } else {
                str4 += json2.slice(start, i) + "\n\n";
                while (json2[i + 2] === "\\" && json2[i + 3] === "n" && json2[i + 4] !== '"') {
                  str4 += "\n";
                  i += 2;
                }
                str4 += indent;
                if (json2[i + 2] === " ")
                  str4 += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str4 = start ? str4 + json2.slice(start) : json2;
      return implicitKey ? str4 : foldFlowLines.foldFlowLines(str4, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type: type2, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type2 === Scalar.Scalar.BLOCK_FOLDED ? false : type2 === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type2 !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type: type2, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type2 !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str4 = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str4);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str4 : foldFlowLines.foldFlowLines(str4, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type: type2 } = item;
      if (type2 !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type2 = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type2);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match = tags.filter((t) => t.tag === item.tag);
        if (match.length > 0)
          return match.find((t) => t.format === item.format) ?? match[0];
      }
      let tagObj = void 0;
      let obj2;
      if (identity.isScalar(item)) {
        obj2 = item.value;
        let match = tags.filter((t) => t.identify?.(obj2));
        if (match.length > 1) {
          const testMatch = match.filter((t) => t.test);
          if (testMatch.length > 0)
            match = testMatch;
        }
        tagObj = match.find((t) => t.format === item.format) ?? match.find((t) => !t.format);
      } else {
        obj2 = item;
        tagObj = tags.find((t) => t.nodeClass && obj2 instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj2?.constructor?.name ?? (obj2 === null ? "null" : typeof obj2);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str4 = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str4;
      return identity.isScalar(node) || str4[0] === "{" || str4[0] === "[" ? `${props} ${str4}` : `${props}
${ctx.indent}${str4}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key: key2, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key2) && key2.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key2) || !identity.isNode(key2) && typeof key2 === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key2 || keyComment && value == null && !ctx.inFlow || identity.isCollection(key2) || (identity.isScalar(key2) ? key2.type === Scalar.Scalar.BLOCK_FOLDED || key2.type === Scalar.Scalar.BLOCK_LITERAL : typeof key2 === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str4 = stringify.stringify(key2, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str4.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str4 === "" ? "?" : explicitKey ? `? ${str4}` : str4;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str4 = `? ${str4}`;
        if (keyComment && !keyCommentDone) {
          str4 += stringifyComment.lineComment(str4, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str4;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str4 += stringifyComment.lineComment(str4, ctx.indent, commentString(keyComment));
        str4 = `? ${str4}
${indent}:`;
      } else {
        str4 = `${str4}:`;
        if (keyComment)
          str4 += stringifyComment.lineComment(str4, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str4.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str4 += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str4 += stringifyComment.lineComment(str4, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str4;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge2 = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key2) => (merge2.identify(key2) || identity.isScalar(key2) && (!key2.type || key2.type === Scalar.Scalar.PLAIN) && merge2.identify(key2.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge2.tag && tag.default);
    function addMergeToJSMap(ctx, map2, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map2, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map2, it);
      else
        mergeValue(ctx, map2, source);
    }
    function mergeValue(ctx, map2, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key2, value2] of srcMap) {
        if (map2 instanceof Map) {
          if (!map2.has(key2))
            map2.set(key2, value2);
        } else if (map2 instanceof Set) {
          map2.add(key2);
        } else if (!Object.prototype.hasOwnProperty.call(map2, key2)) {
          Object.defineProperty(map2, key2, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map2;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge2;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge2 = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map2, { key: key2, value }) {
      if (identity.isNode(key2) && key2.addToJSMap)
        key2.addToJSMap(ctx, map2, value);
      else if (merge2.isMergeKey(ctx, key2))
        merge2.addMergeToJSMap(ctx, map2, value);
      else {
        const jsKey = toJS.toJS(key2, "", ctx);
        if (map2 instanceof Map) {
          map2.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map2 instanceof Set) {
          map2.add(jsKey);
        } else {
          const stringKey = stringifyKey(key2, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map2)
            Object.defineProperty(map2, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map2[stringKey] = jsValue;
        }
      }
      return map2;
    }
    function stringifyKey(key2, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key2) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key2.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key2, value, ctx) {
      const k = createNode.createNode(key2, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key2, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key2;
        this.value = value;
      }
      clone(schema2) {
        let { key: key2, value } = this;
        if (identity.isNode(key2))
          key2 = key2.clone(schema2);
        if (identity.isNode(value))
          value = value.clone(schema2);
        return new _Pair(key2, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str5 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str5 += stringifyComment.lineComment(str5, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str5);
      }
      let str4;
      if (lines.length === 0) {
        str4 = flowChars.start + flowChars.end;
      } else {
        str4 = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str4 += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str4 += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str4;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str4 = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str4.includes("\n"));
        if (i < items.length - 1) {
          str4 += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str4.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str4 += ",";
          }
        }
        if (comment)
          str4 += stringifyComment.lineComment(str4, itemIndent, commentString(comment));
        lines.push(str4);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str4 = start;
          for (const line of lines)
            str4 += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str4}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key2) {
      const k = identity.isScalar(key2) ? key2.value : key2;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key2 || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema2) {
        super(identity.MAP, schema2);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema2, obj2, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map2 = new this(schema2);
        const add = (key2, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj2, key2, value);
          else if (Array.isArray(replacer) && !replacer.includes(key2))
            return;
          if (value !== void 0 || keepUndefined)
            map2.items.push(Pair.createPair(key2, value, ctx));
        };
        if (obj2 instanceof Map) {
          for (const [key2, value] of obj2)
            add(key2, value);
        } else if (obj2 && typeof obj2 === "object") {
          for (const key2 of Object.keys(obj2))
            add(key2, obj2[key2]);
        }
        if (typeof schema2.sortMapEntries === "function") {
          map2.items.sort(schema2.sortMapEntries);
        }
        return map2;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key2) {
        const it = findPair(this.items, key2);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key2, keepScalar) {
        const it = findPair(this.items, key2);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key2) {
        return !!findPair(this.items, key2);
      }
      set(key2, value) {
        this.add(new Pair.Pair(key2, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type2) {
        const map2 = Type2 ? new Type2() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map2);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map2, item);
        return map2;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map2 = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map3, onError) {
        if (!identity.isMap(map3))
          onError("Expected a mapping for this tag");
        return map3;
      },
      createNode: (schema2, obj2, ctx) => YAMLMap.YAMLMap.from(schema2, obj2, ctx)
    };
    exports.map = map2;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema2) {
        super(identity.SEQ, schema2);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key2) {
        const idx = asItemIndex(key2);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key2, keepScalar) {
        const idx = asItemIndex(key2);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key2) {
        const idx = asItemIndex(key2);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key2, value) {
        const idx = asItemIndex(key2);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key2}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq2 = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq2);
        let i = 0;
        for (const item of this.items)
          seq2.push(toJS.toJS(item, String(i++), ctx));
        return seq2;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema2, obj2, ctx) {
        const { replacer } = ctx;
        const seq2 = new this(schema2);
        if (obj2 && Symbol.iterator in Object(obj2)) {
          let i = 0;
          for (let it of obj2) {
            if (typeof replacer === "function") {
              const key2 = obj2 instanceof Set ? it : String(i++);
              it = replacer.call(obj2, key2, it);
            }
            seq2.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq2;
      }
    };
    function asItemIndex(key2) {
      let idx = identity.isScalar(key2) ? key2.value : key2;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq2 = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq3, onError) {
        if (!identity.isSeq(seq3))
          onError("Expected a sequence for this tag");
        return seq3;
      },
      createNode: (schema2, obj2, ctx) => YAMLSeq.YAMLSeq.from(schema2, obj2, ctx)
    };
    exports.seq = seq2;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str4) => str4,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null2 = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str4) => new Scalar.Scalar(str4[0] === "t" || str4[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num2 = typeof value === "number" ? value : Number(value);
      if (!isFinite(num2))
        return isNaN(num2) ? ".nan" : num2 < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str4) => str4.slice(-3).toLowerCase() === "nan" ? NaN : str4[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str4) => parseFloat(str4),
      stringify(node) {
        const num2 = Number(node.value);
        return isFinite(num2) ? num2.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float2 = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str4) {
        const node = new Scalar.Scalar(parseFloat(str4));
        const dot = str4.indexOf(".");
        if (dot !== -1 && str4[str4.length - 1] === "0")
          node.minFractionDigits = str4.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float2;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str4, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str4) : parseInt(str4.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str4, _onError, opt) => intResolve(str4, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int2 = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str4, _onError, opt) => intResolve(str4, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str4, _onError, opt) => intResolve(str4, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int2;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map2 = require_map();
    var _null2 = require_null2();
    var seq2 = require_seq();
    var string = require_string();
    var bool2 = require_bool();
    var float2 = require_float();
    var int2 = require_int();
    var schema2 = [
      map2.map,
      seq2.seq,
      string.string,
      _null2.nullTag,
      bool2.boolTag,
      int2.intOct,
      int2.int,
      int2.intHex,
      float2.floatNaN,
      float2.floatExp,
      float2.float
    ];
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map2 = require_map();
    var seq2 = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str4) => str4,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str4) => str4 === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str4, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str4) : parseInt(str4, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str4) => parseFloat(str4),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str4, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str4)}`);
        return str4;
      }
    };
    var schema2 = [map2.map, seq2.seq].concat(jsonScalars, jsonError);
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary2 = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str4 = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str4.length);
          for (let i = 0; i < str4.length; ++i)
            buffer[i] = str4.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type: type2, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str4;
        if (typeof node_buffer.Buffer === "function") {
          str4 = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str4 = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type2 ?? (type2 = Scalar.Scalar.BLOCK_LITERAL);
        if (type2 !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str4.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str4.substr(o, lineWidth);
          }
          str4 = lines.join(type2 === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type: type2, value: str4 }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq2, onError) {
      if (identity.isSeq(seq2)) {
        for (let i = 0; i < seq2.items.length; ++i) {
          let item = seq2.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq2.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq2;
    }
    function createPairs(schema2, iterable, ctx) {
      const { replacer } = ctx;
      const pairs3 = new YAMLSeq.YAMLSeq(schema2);
      pairs3.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key2, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key2 = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key2 = keys[0];
              value = it[key2];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key2 = it;
          }
          pairs3.items.push(Pair.createPair(key2, value, ctx));
        }
      return pairs3;
    }
    var pairs2 = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs2;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs2 = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map2 = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map2);
        for (const pair of this.items) {
          let key2, value;
          if (identity.isPair(pair)) {
            key2 = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key2, ctx);
          } else {
            key2 = toJS.toJS(pair, "", ctx);
          }
          if (map2.has(key2))
            throw new Error("Ordered maps must not include duplicate keys");
          map2.set(key2, value);
        }
        return map2;
      }
      static from(schema2, iterable, ctx) {
        const pairs$1 = pairs2.createPairs(schema2, iterable, ctx);
        const omap3 = new this();
        omap3.items = pairs$1.items;
        return omap3;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap2 = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq2, onError) {
        const pairs$1 = pairs2.resolvePairs(seq2, onError);
        const seenKeys = [];
        for (const { key: key2 } of pairs$1.items) {
          if (identity.isScalar(key2)) {
            if (seenKeys.includes(key2.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key2.value}`);
            } else {
              seenKeys.push(key2.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema2, iterable, ctx) => YAMLOMap.from(schema2, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str4) => str4.slice(-3).toLowerCase() === "nan" ? NaN : str4[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str4) => parseFloat(str4.replace(/_/g, "")),
      stringify(node) {
        const num2 = Number(node.value);
        return isFinite(num2) ? num2.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float2 = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str4) {
        const node = new Scalar.Scalar(parseFloat(str4.replace(/_/g, "")));
        const dot = str4.indexOf(".");
        if (dot !== -1) {
          const f = str4.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float2;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str4, offset, radix, { intAsBigInt }) {
      const sign = str4[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str4 = str4.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str4 = `0b${str4}`;
            break;
          case 8:
            str4 = `0o${str4}`;
            break;
          case 16:
            str4 = `0x${str4}`;
            break;
        }
        const n2 = BigInt(str4);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str4, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str4 = value.toString(radix);
        return value < 0 ? "-" + prefix + str4.substr(1) : prefix + str4;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str4, _onError, opt) => intResolve(str4, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str4, _onError, opt) => intResolve(str4, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int2 = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str4, _onError, opt) => intResolve(str4, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str4, _onError, opt) => intResolve(str4, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int2;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema2) {
        super(schema2);
        this.tag = _YAMLSet.tag;
      }
      add(key2) {
        let pair;
        if (identity.isPair(key2))
          pair = key2;
        else if (key2 && typeof key2 === "object" && "key" in key2 && "value" in key2 && key2.value === null)
          pair = new Pair.Pair(key2.key, null);
        else
          pair = new Pair.Pair(key2, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key2, keepPair) {
        const pair = YAMLMap.findPair(this.items, key2);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key2, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key2);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key2));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema2, iterable, ctx) {
        const { replacer } = ctx;
        const set3 = new this(schema2);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set3.items.push(Pair.createPair(value, null, ctx));
          }
        return set3;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set2 = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema2, iterable, ctx) => YAMLSet.from(schema2, iterable, ctx),
      resolve(map2, onError) {
        if (identity.isMap(map2)) {
          if (map2.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map2);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map2;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str4, asBigInt) {
      const sign = str4[0];
      const parts = sign === "-" || sign === "+" ? str4.substring(1) : str4;
      const num2 = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num2(60) + num2(p), num2(0));
      return sign === "-" ? num2(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num2 = (n) => n;
      if (typeof value === "bigint")
        num2 = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num2(-1);
      }
      const _60 = num2(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str4, _onError, { intAsBigInt }) => parseSexagesimal(str4, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str4) => parseSexagesimal(str4, false),
      stringify: stringifySexagesimal
    };
    var timestamp2 = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str4) {
        const match = str4.match(timestamp2.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp2;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map2 = require_map();
    var _null2 = require_null2();
    var seq2 = require_seq();
    var string = require_string();
    var binary2 = require_binary();
    var bool2 = require_bool2();
    var float2 = require_float2();
    var int2 = require_int2();
    var merge2 = require_merge();
    var omap2 = require_omap();
    var pairs2 = require_pairs();
    var set2 = require_set();
    var timestamp2 = require_timestamp();
    var schema2 = [
      map2.map,
      seq2.seq,
      string.string,
      _null2.nullTag,
      bool2.trueTag,
      bool2.falseTag,
      int2.intBin,
      int2.intOct,
      int2.int,
      int2.intHex,
      float2.floatNaN,
      float2.floatExp,
      float2.float,
      binary2.binary,
      merge2.merge,
      omap2.omap,
      pairs2.pairs,
      set2.set,
      timestamp2.intTime,
      timestamp2.floatTime,
      timestamp2.timestamp
    ];
    exports.schema = schema2;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map2 = require_map();
    var _null2 = require_null2();
    var seq2 = require_seq();
    var string = require_string();
    var bool2 = require_bool();
    var float2 = require_float();
    var int2 = require_int();
    var schema2 = require_schema();
    var schema$1 = require_schema2();
    var binary2 = require_binary();
    var merge2 = require_merge();
    var omap2 = require_omap();
    var pairs2 = require_pairs();
    var schema$2 = require_schema3();
    var set2 = require_set();
    var timestamp2 = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema2.schema],
      ["failsafe", [map2.map, seq2.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary2.binary,
      bool: bool2.boolTag,
      float: float2.float,
      floatExp: float2.floatExp,
      floatNaN: float2.floatNaN,
      floatTime: timestamp2.floatTime,
      int: int2.int,
      intHex: int2.intHex,
      intOct: int2.intOct,
      intTime: timestamp2.intTime,
      map: map2.map,
      merge: merge2.merge,
      null: _null2.nullTag,
      omap: omap2.omap,
      pairs: pairs2.pairs,
      seq: seq2.seq,
      set: set2.set,
      timestamp: timestamp2.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary2.binary,
      "tag:yaml.org,2002:merge": merge2.merge,
      "tag:yaml.org,2002:omap": omap2.omap,
      "tag:yaml.org,2002:pairs": pairs2.pairs,
      "tag:yaml.org,2002:set": set2.set,
      "tag:yaml.org,2002:timestamp": timestamp2.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge2.merge) ? schemaTags.concat(merge2.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key2) => key2 !== "yaml11").map((key2) => JSON.stringify(key2)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge2.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key2) => JSON.stringify(key2)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map2 = require_map();
    var seq2 = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema2 = class _Schema {
      constructor({ compat, customTags, merge: merge2, resolveKnownTags, schema: schema2, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema2 === "string" && schema2 || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge2);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map2.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq2.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema2;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema2 = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key2, value, options = {}) {
        const k = this.createNode(key2, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key2) {
        return assertCollection(this.contents) ? this.contents.delete(key2) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key2, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key2, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key2) {
        return identity.isCollection(this.contents) ? this.contents.has(key2) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (Collection.isEmptyPath(path))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key2, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key2], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key2, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema2.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json: json2, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json2,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key2) {
      if (!key2)
        return null;
      switch (key2.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key2.source.includes("\n"))
            return true;
          if (key2.end) {
            for (const st of key2.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key2.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search2) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search2));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map2 = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key: key2, sep, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key2 ?? sep?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key2) {
            if (key2.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key2 && key2.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map2.comment)
                map2.comment += "\n" + keyProps.comment;
              else
                map2.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key2)) {
            onError(key2 ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key2 ? composeNode(ctx, key2, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key2, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map2.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key2 || key2.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map2.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map2.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map2.range = [bm.offset, offset, commentEnd ?? offset];
      return map2;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq2 = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq2.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq2.items.push(node);
      }
      seq2.range = [bs.offset, offset, commentEnd ?? offset];
      return seq2;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep = "";
        for (const token of end) {
          const { source, type: type2 } = token;
          switch (type2) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep + cb;
              sep = "";
              break;
            }
            case "newline":
              if (comment)
                sep += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type2} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap = fc.start.source === "{";
      const fcName = isMap ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key: key2, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key2 ?? sep?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key2))
            onError(
              key2,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap && !sep && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key2 ? composeNode(ctx, key2, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key2))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap && !props.found && ctx.options.strict) {
              if (sep)
                for (const st of sep) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap) {
            const map2 = coll;
            if (utilMapIncludes.mapIncludes(ctx, map2.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map2.items.push(pair);
          } else {
            const map2 = new YAMLMap.YAMLMap(ctx.schema);
            map2.flow = true;
            map2.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map2.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map2);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type2 = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type: type2, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type2 === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep === " ")
            sep = "\n";
          else if (!prevMoreIndented && sep === "\n")
            sep = "\n\n";
          value += sep + indent.slice(trimIndent) + content;
          sep = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep === "\n")
            value += "\n";
          else
            sep = "\n";
        } else {
          value += sep + content;
          sep = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type: type2, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type: type2, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type2) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type2}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match = line.exec(source);
      if (!match)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match[1].replace(trimEnd, "");
      let sep = " ";
      let pos = line.lastIndex;
      while (match = line.exec(source)) {
        const lm = match[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep === "\n")
            res += sep;
          else
            sep = "\n";
        } else {
          res += sep + lm;
          sep = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match = last.exec(source);
      return res + sep + (match?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type: type2, comment, range } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range;
      scalar.source = value;
      if (type2)
        scalar.type = type2;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema2, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema2[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema2.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema2.knownTags[tagName];
      if (kt && !kt.collection) {
        schema2.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema2[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema: schema2 }, value, token, onError) {
      const tag = schema2.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema2[identity.SCALAR];
      if (schema2.compat) {
        const compat = schema2.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema2[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type: type2 = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type: type2, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type: type2 } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type2)
        switch (token.type) {
          case "single-quoted-scalar":
            type2 = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type2 = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type2 = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type2 = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type: type2, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key2 of Object.keys(token))
          if (key2 !== "type" && key2 !== "offset")
            delete token[key2];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type2) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type2;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type: type2, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type: type2, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key2 of Object.keys(token))
            if (key2 !== "type" && key2 !== "offset")
              delete token[key2];
          Object.assign(token, { type: type2, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key: key2, sep, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key2)
        res += stringifyToken(key2);
      if (sep)
        for (const st of sep)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field2, index] of path) {
        const tok = item?.[field2];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path) => {
      const parent = visit.itemAtPath(cst, path.slice(0, -1));
      const field2 = path[path.length - 1][0];
      const coll = parent?.[field2];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path, item, visitor) {
      let ctrl = visitor(item, path);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field2 of ["key", "value"]) {
        const token = item[field2];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path.concat([[field2, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field2 === "key")
            ctrl = ctrl(item, path);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty2(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty2(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty2(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty2(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty2(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty2(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty2(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote2 = this.charAt(0);
        let end = this.buffer.indexOf(quote2, this.pos + 1);
        if (quote2 === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty2(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty2(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty2(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty2(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty2(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter2 = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter2;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list2, type2) {
      for (let i = 0; i < list2.length; ++i)
        if (list2[i].type === type2)
          return true;
      return false;
    }
    function findNonEmptyIndex(list2) {
      for (let i = 0; i < list2.length; ++i) {
        switch (list2[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser3 = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type2 = cst.tokenType(source);
        if (!type2) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type2 === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type2;
          yield* this.step();
          switch (type2) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar.end) {
            sep = scalar.end;
            sep.push(this.sourceToken);
            delete scalar.end;
          } else
            sep = [this.sourceToken];
          const map2 = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map2;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map2) {
        const it = map2.items[map2.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map2.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map2.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map2.indent)) {
                const prev = map2.items[map2.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map2.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map2.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map2.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map2.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map2.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map2.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map2.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key2 = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key: key2, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map2.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map2.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map2);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map2.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq2) {
        const it = seq2.items[seq2.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq2.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq2.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq2.indent)) {
                const prev = seq2.items[seq2.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq2.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq2.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq2.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq2.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq2.indent) {
          const bv = this.startBlockValue(seq2);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map2 = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map2;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type2) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type: type2,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser3;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument2(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument2(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument2;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema2 = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema2.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/cli/main.ts
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

// src/cli/common.ts
import { existsSync as existsSync2, readFileSync as readFileSync3 } from "node:fs";
import { resolve as resolve2 } from "node:path";
import { parseArgs } from "node:util";

// src/model/intervals.ts
var EMPTY = Object.freeze([]);
function interval(lo, hi) {
  return lo <= hi ? [lo, hi] : EMPTY;
}
function isEmpty(a) {
  return a.length === 0;
}
function fromIntervals(pairs2) {
  const sorted = [...pairs2].filter(([lo, hi]) => lo <= hi).sort((x, y) => x[0] - y[0]);
  const out = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1) {
      if (hi > out[n - 1]) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}
function union(a, b) {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo;
    let hi;
    if (j >= b.length || i < a.length && a[i] <= b[j]) {
      lo = a[i];
      hi = a[i + 1];
      i += 2;
    } else {
      lo = b[j];
      hi = b[j + 1];
      j += 2;
    }
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1) {
      if (hi > out[n - 1]) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}
function intersect(a, b) {
  if (a.length === 0 || b.length === 0) return EMPTY;
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j]);
    const hi = Math.min(a[i + 1], b[j + 1]);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}
function subtract(a, b) {
  if (a.length === 0 || b.length === 0) return a;
  const out = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i];
    const hi = a[i + 1];
    while (j < b.length && b[j + 1] < lo) j += 2;
    let k = j;
    while (k < b.length && b[k] <= hi) {
      if (b[k] > lo) out.push(lo, b[k] - 1);
      lo = Math.max(lo, b[k + 1] + 1);
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}
function contains(a, x) {
  let lo = 0;
  let hi = a.length / 2 - 1;
  while (lo <= hi) {
    const mid = lo + hi >> 1;
    if (x < a[2 * mid]) hi = mid - 1;
    else if (x > a[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}
function covers(a, b) {
  return subtract(b, a).length === 0;
}

// src/model/connections.ts
var PROTOCOLS = ["SCTP", "TCP", "UDP"];
var MIN_PORT = 1;
var MAX_PORT = 65535;
var ALL_PORTS = Object.freeze([MIN_PORT, MAX_PORT]);
function isProtocol(value) {
  return value === "TCP" || value === "UDP" || value === "SCTP";
}
var TEXTS = /* @__PURE__ */ new WeakMap();
var ConnectionSet = class _ConnectionSet {
  constructor(SCTP, TCP, UDP) {
    this.SCTP = SCTP;
    this.TCP = TCP;
    this.UDP = UDP;
    this.key = `${SCTP.join(",")}|${TCP.join(",")}|${UDP.join(",")}`;
  }
  SCTP;
  TCP;
  UDP;
  key;
  static NONE = new _ConnectionSet(EMPTY, EMPTY, EMPTY);
  static ALL = new _ConnectionSet(ALL_PORTS, ALL_PORTS, ALL_PORTS);
  static of(parts) {
    const clip = (s) => intersect(s ?? EMPTY, ALL_PORTS);
    const c = new _ConnectionSet(clip(parts.SCTP), clip(parts.TCP), clip(parts.UDP));
    if (c.key === _ConnectionSet.NONE.key) return _ConnectionSet.NONE;
    if (c.key === _ConnectionSet.ALL.key) return _ConnectionSet.ALL;
    return c;
  }
  /** All ports of one protocol, or the inclusive range [from, to] of it. */
  static ports(protocol, from = MIN_PORT, to = from === MIN_PORT ? MAX_PORT : from) {
    return _ConnectionSet.of({ [protocol]: interval(from, to) });
  }
  get(protocol) {
    return this[protocol];
  }
  isEmpty() {
    return this === _ConnectionSet.NONE || this.key === _ConnectionSet.NONE.key;
  }
  isAll() {
    return this === _ConnectionSet.ALL || this.key === _ConnectionSet.ALL.key;
  }
  equals(other) {
    return this === other || this.key === other.key;
  }
  union(other) {
    if (this.isEmpty() || other.isAll()) return other;
    if (other.isEmpty() || this.isAll()) return this;
    return _ConnectionSet.of({
      SCTP: union(this.SCTP, other.SCTP),
      TCP: union(this.TCP, other.TCP),
      UDP: union(this.UDP, other.UDP)
    });
  }
  intersect(other) {
    if (this.isAll() || other.isEmpty()) return other;
    if (other.isAll() || this.isEmpty()) return this;
    return _ConnectionSet.of({
      SCTP: intersect(this.SCTP, other.SCTP),
      TCP: intersect(this.TCP, other.TCP),
      UDP: intersect(this.UDP, other.UDP)
    });
  }
  subtract(other) {
    if (other.isEmpty() || this.isEmpty()) return this;
    if (other.isAll()) return _ConnectionSet.NONE;
    return _ConnectionSet.of({
      SCTP: subtract(this.SCTP, other.SCTP),
      TCP: subtract(this.TCP, other.TCP),
      UDP: subtract(this.UDP, other.UDP)
    });
  }
  contains(protocol, port) {
    return contains(this[protocol], port);
  }
  /** True when every connection of `other` is in this set. */
  covers(other) {
    return other.subtract(this).isEmpty();
  }
  /** `All Connections`, `No Connections`, or `SCTP 9003,TCP 80,8080-8090,UDP 53`. */
  toString() {
    let text = TEXTS.get(this);
    if (text === void 0) {
      text = this.format();
      TEXTS.set(this, text);
    }
    return text;
  }
  format() {
    if (this.isAll()) return "All Connections";
    if (this.isEmpty()) return "No Connections";
    const parts = [];
    for (const p of PROTOCOLS) {
      const set2 = this[p];
      if (set2.length > 0) parts.push(`${p} ${formatPorts(set2)}`);
    }
    return parts.join(",");
  }
  /** Structured form for JSON: `"all"`, or per protocol a list of [from, to]. */
  toJSON() {
    if (this.isAll()) return "all";
    const out = {};
    for (const p of PROTOCOLS) {
      const set2 = this[p];
      if (set2.length === 0) continue;
      const ranges = [];
      for (let i = 0; i < set2.length; i += 2) ranges.push([set2[i], set2[i + 1]]);
      out[p] = ranges;
    }
    return out;
  }
};
function formatPorts(set2) {
  const items = [];
  for (let i = 0; i < set2.length; i += 2) {
    const lo = set2[i];
    const hi = set2[i + 1];
    items.push(lo === hi ? String(lo) : `${lo}-${hi}`);
  }
  return items.join(",");
}
function parsePortSpec(text) {
  const t = text.trim();
  if (t.toLowerCase() === "all") return ConnectionSet.ALL;
  const m = /^([A-Za-z]+)(?:\/(\d+)(?:-(\d+))?)?$/.exec(t);
  if (!m) return `"${text}" is not a port: use PROTO, PROTO/PORT or PROTO/FROM-TO (for example TCP/5432)`;
  const protocol = m[1].toUpperCase();
  if (!isProtocol(protocol)) return `"${m[1]}" is not a protocol: use TCP, UDP or SCTP`;
  if (m[2] === void 0) return ConnectionSet.ports(protocol);
  const from = Number(m[2]);
  const to = m[3] === void 0 ? from : Number(m[3]);
  if (from < MIN_PORT || to > MAX_PORT || from > to) return `"${text}": ports run from ${MIN_PORT} to ${MAX_PORT}, low to high`;
  return ConnectionSet.ports(protocol, from, to);
}
var ConnectionTable = class _ConnectionTable {
  byKey = /* @__PURE__ */ new Map();
  sets = [];
  meetMemo = /* @__PURE__ */ new Map();
  joinMemo = /* @__PURE__ */ new Map();
  static NONE = 0;
  static ALL = 1;
  constructor() {
    this.intern(ConnectionSet.NONE);
    this.intern(ConnectionSet.ALL);
  }
  intern(set2) {
    let id = this.byKey.get(set2.key);
    if (id === void 0) {
      id = this.sets.length;
      this.sets.push(set2);
      this.byKey.set(set2.key, id);
    }
    return id;
  }
  get(id) {
    return this.sets[id];
  }
  get size() {
    return this.sets.length;
  }
  /** Intersection of two interned sets, by id. */
  meet(a, b) {
    if (a === b || b === _ConnectionTable.ALL) return a;
    if (a === _ConnectionTable.ALL) return b;
    if (a === _ConnectionTable.NONE || b === _ConnectionTable.NONE) return _ConnectionTable.NONE;
    const k = a < b ? a * 67108864 + b : b * 67108864 + a;
    let r = this.meetMemo.get(k);
    if (r === void 0) {
      r = this.intern(this.sets[a].intersect(this.sets[b]));
      this.meetMemo.set(k, r);
    }
    return r;
  }
  /** Union of two interned sets, by id. */
  join(a, b) {
    if (a === b || b === _ConnectionTable.NONE) return a;
    if (a === _ConnectionTable.NONE) return b;
    if (a === _ConnectionTable.ALL || b === _ConnectionTable.ALL) return _ConnectionTable.ALL;
    const k = a < b ? a * 67108864 + b : b * 67108864 + a;
    let r = this.joinMemo.get(k);
    if (r === void 0) {
      r = this.intern(this.sets[a].union(this.sets[b]));
      this.joinMemo.set(k, r);
    }
    return r;
  }
};

// node_modules/js-yaml/dist/js-yaml.mjs
function getDefaultExportFromCjs(x) {
  return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, "default") ? x["default"] : x;
}
var jsYaml = {};
var loader = {};
var common = {};
var hasRequiredCommon;
function requireCommon() {
  if (hasRequiredCommon) return common;
  hasRequiredCommon = 1;
  function isNothing(subject) {
    return typeof subject === "undefined" || subject === null;
  }
  function isObject2(subject) {
    return typeof subject === "object" && subject !== null;
  }
  function toArray(sequence) {
    if (Array.isArray(sequence)) return sequence;
    else if (isNothing(sequence)) return [];
    return [sequence];
  }
  function extend(target, source) {
    if (source) {
      const sourceKeys = Object.keys(source);
      for (let index = 0, length = sourceKeys.length; index < length; index += 1) {
        const key2 = sourceKeys[index];
        target[key2] = source[key2];
      }
    }
    return target;
  }
  function repeat(string, count) {
    let result = "";
    for (let cycle = 0; cycle < count; cycle += 1) {
      result += string;
    }
    return result;
  }
  function isNegativeZero(number) {
    return number === 0 && Number.NEGATIVE_INFINITY === 1 / number;
  }
  common.isNothing = isNothing;
  common.isObject = isObject2;
  common.toArray = toArray;
  common.repeat = repeat;
  common.isNegativeZero = isNegativeZero;
  common.extend = extend;
  return common;
}
var exception;
var hasRequiredException;
function requireException() {
  if (hasRequiredException) return exception;
  hasRequiredException = 1;
  function formatError(exception2, compact) {
    let where2 = "";
    const message = exception2.reason || "(unknown reason)";
    if (!exception2.mark) return message;
    if (exception2.mark.name) {
      where2 += 'in "' + exception2.mark.name + '" ';
    }
    where2 += "(" + (exception2.mark.line + 1) + ":" + (exception2.mark.column + 1) + ")";
    if (!compact && exception2.mark.snippet) {
      where2 += "\n\n" + exception2.mark.snippet;
    }
    return message + " " + where2;
  }
  function YAMLException2(reason, mark) {
    Error.call(this);
    this.name = "YAMLException";
    this.reason = reason;
    this.mark = mark;
    this.message = formatError(this, false);
    if (Error.captureStackTrace) {
      Error.captureStackTrace(this, this.constructor);
    } else {
      this.stack = new Error().stack || "";
    }
  }
  YAMLException2.prototype = Object.create(Error.prototype);
  YAMLException2.prototype.constructor = YAMLException2;
  YAMLException2.prototype.toString = function toString2(compact) {
    return this.name + ": " + formatError(this, compact);
  };
  exception = YAMLException2;
  return exception;
}
var snippet;
var hasRequiredSnippet;
function requireSnippet() {
  if (hasRequiredSnippet) return snippet;
  hasRequiredSnippet = 1;
  const common22 = requireCommon();
  function getLine(buffer, lineStart, lineEnd, position, maxLineLength) {
    let head = "";
    let tail = "";
    const maxHalfLength = Math.floor(maxLineLength / 2) - 1;
    if (position - lineStart > maxHalfLength) {
      head = " ... ";
      lineStart = position - maxHalfLength + head.length;
    }
    if (lineEnd - position > maxHalfLength) {
      tail = " ...";
      lineEnd = position + maxHalfLength - tail.length;
    }
    return {
      str: head + buffer.slice(lineStart, lineEnd).replace(/\t/g, "\u2192") + tail,
      pos: position - lineStart + head.length
      // relative position
    };
  }
  function padStart(string, max) {
    return common22.repeat(" ", max - string.length) + string;
  }
  function makeSnippet(mark, options) {
    options = Object.create(options || null);
    if (!mark.buffer) return null;
    if (!options.maxLength) options.maxLength = 79;
    if (typeof options.indent !== "number") options.indent = 1;
    if (typeof options.linesBefore !== "number") options.linesBefore = 3;
    if (typeof options.linesAfter !== "number") options.linesAfter = 2;
    const re = /\r?\n|\r|\0/g;
    const lineStarts = [0];
    const lineEnds = [];
    let match;
    let foundLineNo = -1;
    while (match = re.exec(mark.buffer)) {
      lineEnds.push(match.index);
      lineStarts.push(match.index + match[0].length);
      if (mark.position <= match.index && foundLineNo < 0) {
        foundLineNo = lineStarts.length - 2;
      }
    }
    if (foundLineNo < 0) foundLineNo = lineStarts.length - 1;
    let result = "";
    const lineNoLength = Math.min(mark.line + options.linesAfter, lineEnds.length).toString().length;
    const maxLineLength = options.maxLength - (options.indent + lineNoLength + 3);
    for (let i = 1; i <= options.linesBefore; i++) {
      if (foundLineNo - i < 0) break;
      const line2 = getLine(
        mark.buffer,
        lineStarts[foundLineNo - i],
        lineEnds[foundLineNo - i],
        mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo - i]),
        maxLineLength
      );
      result = common22.repeat(" ", options.indent) + padStart((mark.line - i + 1).toString(), lineNoLength) + " | " + line2.str + "\n" + result;
    }
    const line = getLine(mark.buffer, lineStarts[foundLineNo], lineEnds[foundLineNo], mark.position, maxLineLength);
    result += common22.repeat(" ", options.indent) + padStart((mark.line + 1).toString(), lineNoLength) + " | " + line.str + "\n";
    result += common22.repeat("-", options.indent + lineNoLength + 3 + line.pos) + "^\n";
    for (let i = 1; i <= options.linesAfter; i++) {
      if (foundLineNo + i >= lineEnds.length) break;
      const line2 = getLine(
        mark.buffer,
        lineStarts[foundLineNo + i],
        lineEnds[foundLineNo + i],
        mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo + i]),
        maxLineLength
      );
      result += common22.repeat(" ", options.indent) + padStart((mark.line + i + 1).toString(), lineNoLength) + " | " + line2.str + "\n";
    }
    return result.replace(/\n$/, "");
  }
  snippet = makeSnippet;
  return snippet;
}
var type;
var hasRequiredType;
function requireType() {
  if (hasRequiredType) return type;
  hasRequiredType = 1;
  const YAMLException2 = requireException();
  const TYPE_CONSTRUCTOR_OPTIONS = [
    "kind",
    "multi",
    "resolve",
    "construct",
    "instanceOf",
    "predicate",
    "represent",
    "representName",
    "defaultStyle",
    "styleAliases"
  ];
  const YAML_NODE_KINDS = [
    "scalar",
    "sequence",
    "mapping"
  ];
  function compileStyleAliases(map2) {
    const result = {};
    if (map2 !== null) {
      Object.keys(map2).forEach(function(style) {
        map2[style].forEach(function(alias) {
          result[String(alias)] = style;
        });
      });
    }
    return result;
  }
  function Type2(tag, options) {
    options = options || {};
    Object.keys(options).forEach(function(name) {
      if (TYPE_CONSTRUCTOR_OPTIONS.indexOf(name) === -1) {
        throw new YAMLException2('Unknown option "' + name + '" is met in definition of "' + tag + '" YAML type.');
      }
    });
    this.options = options;
    this.tag = tag;
    this.kind = options["kind"] || null;
    this.resolve = options["resolve"] || function() {
      return true;
    };
    this.construct = options["construct"] || function(data) {
      return data;
    };
    this.instanceOf = options["instanceOf"] || null;
    this.predicate = options["predicate"] || null;
    this.represent = options["represent"] || null;
    this.representName = options["representName"] || null;
    this.defaultStyle = options["defaultStyle"] || null;
    this.multi = options["multi"] || false;
    this.styleAliases = compileStyleAliases(options["styleAliases"] || null);
    if (YAML_NODE_KINDS.indexOf(this.kind) === -1) {
      throw new YAMLException2('Unknown kind "' + this.kind + '" is specified for "' + tag + '" YAML type.');
    }
  }
  type = Type2;
  return type;
}
var schema;
var hasRequiredSchema;
function requireSchema() {
  if (hasRequiredSchema) return schema;
  hasRequiredSchema = 1;
  const YAMLException2 = requireException();
  const Type2 = requireType();
  function compileList(schema2, name) {
    const result = [];
    schema2[name].forEach(function(currentType) {
      let newIndex = result.length;
      result.forEach(function(previousType, previousIndex) {
        if (previousType.tag === currentType.tag && previousType.kind === currentType.kind && previousType.multi === currentType.multi) {
          newIndex = previousIndex;
        }
      });
      result[newIndex] = currentType;
    });
    return result;
  }
  function compileMap() {
    const result = {
      scalar: {},
      sequence: {},
      mapping: {},
      fallback: {},
      multi: {
        scalar: [],
        sequence: [],
        mapping: [],
        fallback: []
      }
    };
    function collectType(type2) {
      if (type2.multi) {
        result.multi[type2.kind].push(type2);
        result.multi["fallback"].push(type2);
      } else {
        result[type2.kind][type2.tag] = result["fallback"][type2.tag] = type2;
      }
    }
    for (let index = 0, length = arguments.length; index < length; index += 1) {
      arguments[index].forEach(collectType);
    }
    return result;
  }
  function Schema2(definition) {
    return this.extend(definition);
  }
  Schema2.prototype.extend = function extend(definition) {
    let implicit = [];
    let explicit = [];
    if (definition instanceof Type2) {
      explicit.push(definition);
    } else if (Array.isArray(definition)) {
      explicit = explicit.concat(definition);
    } else if (definition && (Array.isArray(definition.implicit) || Array.isArray(definition.explicit))) {
      if (definition.implicit) implicit = implicit.concat(definition.implicit);
      if (definition.explicit) explicit = explicit.concat(definition.explicit);
    } else {
      throw new YAMLException2("Schema.extend argument should be a Type, [ Type ], or a schema definition ({ implicit: [...], explicit: [...] })");
    }
    implicit.forEach(function(type2) {
      if (!(type2 instanceof Type2)) {
        throw new YAMLException2("Specified list of YAML types (or a single Type object) contains a non-Type object.");
      }
      if (type2.loadKind && type2.loadKind !== "scalar") {
        throw new YAMLException2("There is a non-scalar type in the implicit list of a schema. Implicit resolving of such types is not supported.");
      }
      if (type2.multi) {
        throw new YAMLException2("There is a multi type in the implicit list of a schema. Multi tags can only be listed as explicit.");
      }
    });
    explicit.forEach(function(type2) {
      if (!(type2 instanceof Type2)) {
        throw new YAMLException2("Specified list of YAML types (or a single Type object) contains a non-Type object.");
      }
    });
    const result = Object.create(Schema2.prototype);
    result.implicit = (this.implicit || []).concat(implicit);
    result.explicit = (this.explicit || []).concat(explicit);
    result.compiledImplicit = compileList(result, "implicit");
    result.compiledExplicit = compileList(result, "explicit");
    result.compiledTypeMap = compileMap(result.compiledImplicit, result.compiledExplicit);
    return result;
  };
  schema = Schema2;
  return schema;
}
var str;
var hasRequiredStr;
function requireStr() {
  if (hasRequiredStr) return str;
  hasRequiredStr = 1;
  const Type2 = requireType();
  str = new Type2("tag:yaml.org,2002:str", {
    kind: "scalar",
    construct: function(data) {
      return data !== null ? data : "";
    }
  });
  return str;
}
var seq;
var hasRequiredSeq;
function requireSeq() {
  if (hasRequiredSeq) return seq;
  hasRequiredSeq = 1;
  const Type2 = requireType();
  seq = new Type2("tag:yaml.org,2002:seq", {
    kind: "sequence",
    construct: function(data) {
      return data !== null ? data : [];
    }
  });
  return seq;
}
var map;
var hasRequiredMap;
function requireMap() {
  if (hasRequiredMap) return map;
  hasRequiredMap = 1;
  const Type2 = requireType();
  map = new Type2("tag:yaml.org,2002:map", {
    kind: "mapping",
    construct: function(data) {
      return data !== null ? data : {};
    }
  });
  return map;
}
var failsafe;
var hasRequiredFailsafe;
function requireFailsafe() {
  if (hasRequiredFailsafe) return failsafe;
  hasRequiredFailsafe = 1;
  const Schema2 = requireSchema();
  failsafe = new Schema2({
    explicit: [
      requireStr(),
      requireSeq(),
      requireMap()
    ]
  });
  return failsafe;
}
var _null;
var hasRequired_null;
function require_null() {
  if (hasRequired_null) return _null;
  hasRequired_null = 1;
  const Type2 = requireType();
  function resolveYamlNull(data) {
    if (data === null) return true;
    const max = data.length;
    return max === 1 && data === "~" || max === 4 && (data === "null" || data === "Null" || data === "NULL");
  }
  function constructYamlNull() {
    return null;
  }
  function isNull(object) {
    return object === null;
  }
  _null = new Type2("tag:yaml.org,2002:null", {
    kind: "scalar",
    resolve: resolveYamlNull,
    construct: constructYamlNull,
    predicate: isNull,
    represent: {
      canonical: function() {
        return "~";
      },
      lowercase: function() {
        return "null";
      },
      uppercase: function() {
        return "NULL";
      },
      camelcase: function() {
        return "Null";
      },
      empty: function() {
        return "";
      }
    },
    defaultStyle: "lowercase"
  });
  return _null;
}
var bool;
var hasRequiredBool;
function requireBool() {
  if (hasRequiredBool) return bool;
  hasRequiredBool = 1;
  const Type2 = requireType();
  function resolveYamlBoolean(data) {
    if (data === null) return false;
    const max = data.length;
    return max === 4 && (data === "true" || data === "True" || data === "TRUE") || max === 5 && (data === "false" || data === "False" || data === "FALSE");
  }
  function constructYamlBoolean(data) {
    return data === "true" || data === "True" || data === "TRUE";
  }
  function isBoolean(object) {
    return Object.prototype.toString.call(object) === "[object Boolean]";
  }
  bool = new Type2("tag:yaml.org,2002:bool", {
    kind: "scalar",
    resolve: resolveYamlBoolean,
    construct: constructYamlBoolean,
    predicate: isBoolean,
    represent: {
      lowercase: function(object) {
        return object ? "true" : "false";
      },
      uppercase: function(object) {
        return object ? "TRUE" : "FALSE";
      },
      camelcase: function(object) {
        return object ? "True" : "False";
      }
    },
    defaultStyle: "lowercase"
  });
  return bool;
}
var int;
var hasRequiredInt;
function requireInt() {
  if (hasRequiredInt) return int;
  hasRequiredInt = 1;
  const common22 = requireCommon();
  const Type2 = requireType();
  function isHexCode(c) {
    return c >= 48 && c <= 57 || c >= 65 && c <= 70 || c >= 97 && c <= 102;
  }
  function isOctCode(c) {
    return c >= 48 && c <= 55;
  }
  function isDecCode(c) {
    return c >= 48 && c <= 57;
  }
  function resolveYamlInteger(data) {
    if (data === null) return false;
    const max = data.length;
    let index = 0;
    let hasDigits = false;
    if (!max) return false;
    let ch = data[index];
    if (ch === "-" || ch === "+") {
      ch = data[++index];
    }
    if (ch === "0") {
      if (index + 1 === max) return true;
      ch = data[++index];
      if (ch === "b") {
        index++;
        for (; index < max; index++) {
          ch = data[index];
          if (ch !== "0" && ch !== "1") return false;
          hasDigits = true;
        }
        return hasDigits && isFinite(parseYamlInteger(data));
      }
      if (ch === "x") {
        index++;
        for (; index < max; index++) {
          if (!isHexCode(data.charCodeAt(index))) return false;
          hasDigits = true;
        }
        return hasDigits && isFinite(parseYamlInteger(data));
      }
      if (ch === "o") {
        index++;
        for (; index < max; index++) {
          if (!isOctCode(data.charCodeAt(index))) return false;
          hasDigits = true;
        }
        return hasDigits && isFinite(parseYamlInteger(data));
      }
    }
    for (; index < max; index++) {
      if (!isDecCode(data.charCodeAt(index))) {
        return false;
      }
      hasDigits = true;
    }
    if (!hasDigits) return false;
    return isFinite(parseYamlInteger(data));
  }
  function parseYamlInteger(data) {
    let value = data;
    let sign = 1;
    let ch = value[0];
    if (ch === "-" || ch === "+") {
      if (ch === "-") sign = -1;
      value = value.slice(1);
      ch = value[0];
    }
    if (value === "0") return 0;
    if (ch === "0") {
      if (value[1] === "b") return sign * parseInt(value.slice(2), 2);
      if (value[1] === "x") return sign * parseInt(value.slice(2), 16);
      if (value[1] === "o") return sign * parseInt(value.slice(2), 8);
    }
    return sign * parseInt(value, 10);
  }
  function constructYamlInteger(data) {
    return parseYamlInteger(data);
  }
  function isInteger(object) {
    return Object.prototype.toString.call(object) === "[object Number]" && (object % 1 === 0 && !common22.isNegativeZero(object));
  }
  int = new Type2("tag:yaml.org,2002:int", {
    kind: "scalar",
    resolve: resolveYamlInteger,
    construct: constructYamlInteger,
    predicate: isInteger,
    represent: {
      binary: function(obj2) {
        return obj2 >= 0 ? "0b" + obj2.toString(2) : "-0b" + obj2.toString(2).slice(1);
      },
      octal: function(obj2) {
        return obj2 >= 0 ? "0o" + obj2.toString(8) : "-0o" + obj2.toString(8).slice(1);
      },
      decimal: function(obj2) {
        return obj2.toString(10);
      },
      hexadecimal: function(obj2) {
        return obj2 >= 0 ? "0x" + obj2.toString(16).toUpperCase() : "-0x" + obj2.toString(16).toUpperCase().slice(1);
      }
    },
    defaultStyle: "decimal",
    styleAliases: {
      binary: [2, "bin"],
      octal: [8, "oct"],
      decimal: [10, "dec"],
      hexadecimal: [16, "hex"]
    }
  });
  return int;
}
var float;
var hasRequiredFloat;
function requireFloat() {
  if (hasRequiredFloat) return float;
  hasRequiredFloat = 1;
  const common22 = requireCommon();
  const Type2 = requireType();
  const YAML_FLOAT_PATTERN = new RegExp(
    // 2.5e4, 2.5 and integers
    "^(?:[-+]?(?:[0-9]+)(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
  );
  const YAML_FLOAT_SPECIAL_PATTERN = new RegExp(
    "^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
  );
  function resolveYamlFloat(data) {
    if (data === null) return false;
    if (!YAML_FLOAT_PATTERN.test(data)) {
      return false;
    }
    if (isFinite(parseFloat(data, 10))) {
      return true;
    }
    return YAML_FLOAT_SPECIAL_PATTERN.test(data);
  }
  function constructYamlFloat(data) {
    let value = data.toLowerCase();
    const sign = value[0] === "-" ? -1 : 1;
    if ("+-".indexOf(value[0]) >= 0) {
      value = value.slice(1);
    }
    if (value === ".inf") {
      return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    } else if (value === ".nan") {
      return NaN;
    }
    return sign * parseFloat(value, 10);
  }
  const SCIENTIFIC_WITHOUT_DOT = /^[-+]?[0-9]+e/;
  function representYamlFloat(object, style) {
    if (isNaN(object)) {
      switch (style) {
        case "lowercase":
          return ".nan";
        case "uppercase":
          return ".NAN";
        case "camelcase":
          return ".NaN";
      }
    } else if (Number.POSITIVE_INFINITY === object) {
      switch (style) {
        case "lowercase":
          return ".inf";
        case "uppercase":
          return ".INF";
        case "camelcase":
          return ".Inf";
      }
    } else if (Number.NEGATIVE_INFINITY === object) {
      switch (style) {
        case "lowercase":
          return "-.inf";
        case "uppercase":
          return "-.INF";
        case "camelcase":
          return "-.Inf";
      }
    } else if (common22.isNegativeZero(object)) {
      return "-0.0";
    }
    const res = object.toString(10);
    return SCIENTIFIC_WITHOUT_DOT.test(res) ? res.replace("e", ".e") : res;
  }
  function isFloat(object) {
    return Object.prototype.toString.call(object) === "[object Number]" && (object % 1 !== 0 || common22.isNegativeZero(object));
  }
  float = new Type2("tag:yaml.org,2002:float", {
    kind: "scalar",
    resolve: resolveYamlFloat,
    construct: constructYamlFloat,
    predicate: isFloat,
    represent: representYamlFloat,
    defaultStyle: "lowercase"
  });
  return float;
}
var json;
var hasRequiredJson;
function requireJson() {
  if (hasRequiredJson) return json;
  hasRequiredJson = 1;
  json = requireFailsafe().extend({
    implicit: [
      require_null(),
      requireBool(),
      requireInt(),
      requireFloat()
    ]
  });
  return json;
}
var core;
var hasRequiredCore;
function requireCore() {
  if (hasRequiredCore) return core;
  hasRequiredCore = 1;
  core = requireJson();
  return core;
}
var timestamp;
var hasRequiredTimestamp;
function requireTimestamp() {
  if (hasRequiredTimestamp) return timestamp;
  hasRequiredTimestamp = 1;
  const Type2 = requireType();
  const YAML_DATE_REGEXP = new RegExp(
    "^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$"
  );
  const YAML_TIMESTAMP_REGEXP = new RegExp(
    "^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\\.([0-9]*))?(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$"
  );
  function resolveYamlTimestamp(data) {
    if (data === null) return false;
    if (YAML_DATE_REGEXP.exec(data) !== null) return true;
    if (YAML_TIMESTAMP_REGEXP.exec(data) !== null) return true;
    return false;
  }
  function constructYamlTimestamp(data) {
    let fraction = 0;
    let delta = null;
    let match = YAML_DATE_REGEXP.exec(data);
    if (match === null) match = YAML_TIMESTAMP_REGEXP.exec(data);
    if (match === null) throw new Error("Date resolve error");
    const year = +match[1];
    const month = +match[2] - 1;
    const day = +match[3];
    if (!match[4]) {
      return new Date(Date.UTC(year, month, day));
    }
    const hour = +match[4];
    const minute = +match[5];
    const second = +match[6];
    if (match[7]) {
      fraction = match[7].slice(0, 3);
      while (fraction.length < 3) {
        fraction += "0";
      }
      fraction = +fraction;
    }
    if (match[9]) {
      const tzHour = +match[10];
      const tzMinute = +(match[11] || 0);
      delta = (tzHour * 60 + tzMinute) * 6e4;
      if (match[9] === "-") delta = -delta;
    }
    const date = new Date(Date.UTC(year, month, day, hour, minute, second, fraction));
    if (delta) date.setTime(date.getTime() - delta);
    return date;
  }
  function representYamlTimestamp(object) {
    return object.toISOString();
  }
  timestamp = new Type2("tag:yaml.org,2002:timestamp", {
    kind: "scalar",
    resolve: resolveYamlTimestamp,
    construct: constructYamlTimestamp,
    instanceOf: Date,
    represent: representYamlTimestamp
  });
  return timestamp;
}
var merge;
var hasRequiredMerge;
function requireMerge() {
  if (hasRequiredMerge) return merge;
  hasRequiredMerge = 1;
  const Type2 = requireType();
  function resolveYamlMerge(data) {
    return data === "<<" || data === null;
  }
  merge = new Type2("tag:yaml.org,2002:merge", {
    kind: "scalar",
    resolve: resolveYamlMerge
  });
  return merge;
}
var binary;
var hasRequiredBinary;
function requireBinary() {
  if (hasRequiredBinary) return binary;
  hasRequiredBinary = 1;
  const Type2 = requireType();
  const BASE64_MAP = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n\r";
  function resolveYamlBinary(data) {
    if (data === null) return false;
    let bitlen = 0;
    const max = data.length;
    const map2 = BASE64_MAP;
    for (let idx = 0; idx < max; idx++) {
      const code = map2.indexOf(data.charAt(idx));
      if (code > 64) continue;
      if (code < 0) return false;
      bitlen += 6;
    }
    return bitlen % 8 === 0;
  }
  function constructYamlBinary(data) {
    const input = data.replace(/[\r\n=]/g, "");
    const max = input.length;
    const map2 = BASE64_MAP;
    let bits = 0;
    const result = [];
    for (let idx = 0; idx < max; idx++) {
      if (idx % 4 === 0 && idx) {
        result.push(bits >> 16 & 255);
        result.push(bits >> 8 & 255);
        result.push(bits & 255);
      }
      bits = bits << 6 | map2.indexOf(input.charAt(idx));
    }
    const tailbits = max % 4 * 6;
    if (tailbits === 0) {
      result.push(bits >> 16 & 255);
      result.push(bits >> 8 & 255);
      result.push(bits & 255);
    } else if (tailbits === 18) {
      result.push(bits >> 10 & 255);
      result.push(bits >> 2 & 255);
    } else if (tailbits === 12) {
      result.push(bits >> 4 & 255);
    }
    return new Uint8Array(result);
  }
  function representYamlBinary(object) {
    let result = "";
    let bits = 0;
    const max = object.length;
    const map2 = BASE64_MAP;
    for (let idx = 0; idx < max; idx++) {
      if (idx % 3 === 0 && idx) {
        result += map2[bits >> 18 & 63];
        result += map2[bits >> 12 & 63];
        result += map2[bits >> 6 & 63];
        result += map2[bits & 63];
      }
      bits = (bits << 8) + object[idx];
    }
    const tail = max % 3;
    if (tail === 0) {
      result += map2[bits >> 18 & 63];
      result += map2[bits >> 12 & 63];
      result += map2[bits >> 6 & 63];
      result += map2[bits & 63];
    } else if (tail === 2) {
      result += map2[bits >> 10 & 63];
      result += map2[bits >> 4 & 63];
      result += map2[bits << 2 & 63];
      result += map2[64];
    } else if (tail === 1) {
      result += map2[bits >> 2 & 63];
      result += map2[bits << 4 & 63];
      result += map2[64];
      result += map2[64];
    }
    return result;
  }
  function isBinary(obj2) {
    return Object.prototype.toString.call(obj2) === "[object Uint8Array]";
  }
  binary = new Type2("tag:yaml.org,2002:binary", {
    kind: "scalar",
    resolve: resolveYamlBinary,
    construct: constructYamlBinary,
    predicate: isBinary,
    represent: representYamlBinary
  });
  return binary;
}
var omap;
var hasRequiredOmap;
function requireOmap() {
  if (hasRequiredOmap) return omap;
  hasRequiredOmap = 1;
  const Type2 = requireType();
  const _hasOwnProperty = Object.prototype.hasOwnProperty;
  const _toString = Object.prototype.toString;
  function resolveYamlOmap(data) {
    if (data === null) return true;
    const objectKeys = {};
    const object = data;
    for (let index = 0, length = object.length; index < length; index += 1) {
      const pair = object[index];
      let pairHasKey = false;
      if (_toString.call(pair) !== "[object Object]") return false;
      let pairKey;
      for (pairKey in pair) {
        if (_hasOwnProperty.call(pair, pairKey)) {
          if (!pairHasKey) pairHasKey = true;
          else return false;
        }
      }
      if (!pairHasKey) return false;
      if (_hasOwnProperty.call(objectKeys, pairKey)) return false;
      Object.defineProperty(objectKeys, pairKey, { value: true });
    }
    return true;
  }
  function constructYamlOmap(data) {
    return data !== null ? data : [];
  }
  omap = new Type2("tag:yaml.org,2002:omap", {
    kind: "sequence",
    resolve: resolveYamlOmap,
    construct: constructYamlOmap
  });
  return omap;
}
var pairs;
var hasRequiredPairs;
function requirePairs() {
  if (hasRequiredPairs) return pairs;
  hasRequiredPairs = 1;
  const Type2 = requireType();
  const _toString = Object.prototype.toString;
  function resolveYamlPairs(data) {
    if (data === null) return true;
    const object = data;
    const result = new Array(object.length);
    for (let index = 0, length = object.length; index < length; index += 1) {
      const pair = object[index];
      if (_toString.call(pair) !== "[object Object]") return false;
      const keys = Object.keys(pair);
      if (keys.length !== 1) return false;
      result[index] = [keys[0], pair[keys[0]]];
    }
    return true;
  }
  function constructYamlPairs(data) {
    if (data === null) return [];
    const object = data;
    const result = new Array(object.length);
    for (let index = 0, length = object.length; index < length; index += 1) {
      const pair = object[index];
      const keys = Object.keys(pair);
      result[index] = [keys[0], pair[keys[0]]];
    }
    return result;
  }
  pairs = new Type2("tag:yaml.org,2002:pairs", {
    kind: "sequence",
    resolve: resolveYamlPairs,
    construct: constructYamlPairs
  });
  return pairs;
}
var set;
var hasRequiredSet;
function requireSet() {
  if (hasRequiredSet) return set;
  hasRequiredSet = 1;
  const Type2 = requireType();
  const _hasOwnProperty = Object.prototype.hasOwnProperty;
  function resolveYamlSet(data) {
    if (data === null) return true;
    const object = data;
    for (const key2 in object) {
      if (_hasOwnProperty.call(object, key2)) {
        if (object[key2] !== null) return false;
      }
    }
    return true;
  }
  function constructYamlSet(data) {
    return data !== null ? data : {};
  }
  set = new Type2("tag:yaml.org,2002:set", {
    kind: "mapping",
    resolve: resolveYamlSet,
    construct: constructYamlSet
  });
  return set;
}
var _default;
var hasRequired_default;
function require_default() {
  if (hasRequired_default) return _default;
  hasRequired_default = 1;
  _default = requireCore().extend({
    implicit: [
      requireTimestamp(),
      requireMerge()
    ],
    explicit: [
      requireBinary(),
      requireOmap(),
      requirePairs(),
      requireSet()
    ]
  });
  return _default;
}
var hasRequiredLoader;
function requireLoader() {
  if (hasRequiredLoader) return loader;
  hasRequiredLoader = 1;
  const common22 = requireCommon();
  const YAMLException2 = requireException();
  const makeSnippet = requireSnippet();
  const DEFAULT_SCHEMA2 = require_default();
  const _hasOwnProperty = Object.prototype.hasOwnProperty;
  const CONTEXT_FLOW_IN = 1;
  const CONTEXT_FLOW_OUT = 2;
  const CONTEXT_BLOCK_IN = 3;
  const CONTEXT_BLOCK_OUT = 4;
  const CHOMPING_CLIP = 1;
  const CHOMPING_STRIP = 2;
  const CHOMPING_KEEP = 3;
  const PATTERN_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
  const PATTERN_NON_ASCII_LINE_BREAKS = /[\x85\u2028\u2029]/;
  const PATTERN_FLOW_INDICATORS = /[,\[\]{}]/;
  const PATTERN_TAG_HANDLE = /^(?:!|!!|![0-9A-Za-z-]+!)$/;
  const PATTERN_TAG_URI = /^(?:!|[^,\[\]{}])(?:%[0-9a-f]{2}|[0-9a-z\-#;/?:@&=+$,_.!~*'()\[\]])*$/i;
  function _class(obj2) {
    return Object.prototype.toString.call(obj2);
  }
  function isEol(c) {
    return c === 10 || c === 13;
  }
  function isWhiteSpace(c) {
    return c === 9 || c === 32;
  }
  function isWsOrEol(c) {
    return c === 9 || c === 32 || c === 10 || c === 13;
  }
  function isFlowIndicator(c) {
    return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
  }
  function fromHexCode(c) {
    if (c >= 48 && c <= 57) {
      return c - 48;
    }
    const lc = c | 32;
    if (lc >= 97 && lc <= 102) {
      return lc - 97 + 10;
    }
    return -1;
  }
  function escapedHexLen(c) {
    if (c === 120) {
      return 2;
    }
    if (c === 117) {
      return 4;
    }
    if (c === 85) {
      return 8;
    }
    return 0;
  }
  function fromDecimalCode(c) {
    if (c >= 48 && c <= 57) {
      return c - 48;
    }
    return -1;
  }
  function simpleEscapeSequence(c) {
    switch (c) {
      case 48:
        return "\0";
      case 97:
        return "\x07";
      case 98:
        return "\b";
      case 116:
        return "	";
      case 9:
        return "	";
      case 110:
        return "\n";
      case 118:
        return "\v";
      case 102:
        return "\f";
      case 114:
        return "\r";
      case 101:
        return "\x1B";
      case 32:
        return " ";
      case 34:
        return '"';
      case 47:
        return "/";
      case 92:
        return "\\";
      case 78:
        return "\x85";
      case 95:
        return "\xA0";
      case 76:
        return "\u2028";
      case 80:
        return "\u2029";
      default:
        return "";
    }
  }
  function charFromCodepoint(c) {
    if (c <= 65535) {
      return String.fromCharCode(c);
    }
    return String.fromCharCode(
      (c - 65536 >> 10) + 55296,
      (c - 65536 & 1023) + 56320
    );
  }
  function setProperty(object, key2, value) {
    if (key2 === "__proto__") {
      Object.defineProperty(object, key2, {
        configurable: true,
        enumerable: true,
        writable: true,
        value
      });
    } else {
      object[key2] = value;
    }
  }
  const simpleEscapeCheck = new Array(256);
  const simpleEscapeMap = new Array(256);
  for (let i = 0; i < 256; i++) {
    simpleEscapeCheck[i] = simpleEscapeSequence(i) ? 1 : 0;
    simpleEscapeMap[i] = simpleEscapeSequence(i);
  }
  function State(input, options) {
    this.input = input;
    this.filename = options["filename"] || null;
    this.schema = options["schema"] || DEFAULT_SCHEMA2;
    this.onWarning = options["onWarning"] || null;
    this.legacy = options["legacy"] || false;
    this.json = options["json"] || false;
    this.listener = options["listener"] || null;
    this.maxDepth = typeof options["maxDepth"] === "number" ? options["maxDepth"] : 100;
    this.maxTotalMergeKeys = typeof options["maxTotalMergeKeys"] === "number" ? options["maxTotalMergeKeys"] : 1e4;
    this.implicitTypes = this.schema.compiledImplicit;
    this.typeMap = this.schema.compiledTypeMap;
    this.length = input.length;
    this.position = 0;
    this.line = 0;
    this.lineStart = 0;
    this.lineIndent = 0;
    this.depth = 0;
    this.totalMergeKeys = 0;
    this.firstTabInLine = -1;
    this.documents = [];
    this.anchorMapTransactions = [];
  }
  function generateError(state, message) {
    const mark = {
      name: state.filename,
      buffer: state.input.slice(0, -1),
      // omit trailing \0
      position: state.position,
      line: state.line,
      column: state.position - state.lineStart
    };
    mark.snippet = makeSnippet(mark);
    return new YAMLException2(message, mark);
  }
  function throwError(state, message) {
    throw generateError(state, message);
  }
  function throwWarning(state, message) {
    if (state.onWarning) {
      state.onWarning.call(null, generateError(state, message));
    }
  }
  function storeAnchor(state, name, value) {
    const transactions = state.anchorMapTransactions;
    if (transactions.length !== 0) {
      const transaction = transactions[transactions.length - 1];
      if (!_hasOwnProperty.call(transaction, name)) {
        transaction[name] = {
          existed: _hasOwnProperty.call(state.anchorMap, name),
          value: state.anchorMap[name]
        };
      }
    }
    state.anchorMap[name] = value;
  }
  function beginAnchorTransaction(state) {
    state.anchorMapTransactions.push(/* @__PURE__ */ Object.create(null));
  }
  function commitAnchorTransaction(state) {
    const transaction = state.anchorMapTransactions.pop();
    const transactions = state.anchorMapTransactions;
    if (transactions.length === 0) return;
    const parent = transactions[transactions.length - 1];
    const names = Object.keys(transaction);
    for (let index = 0, length = names.length; index < length; index += 1) {
      const name = names[index];
      if (!_hasOwnProperty.call(parent, name)) {
        parent[name] = transaction[name];
      }
    }
  }
  function rollbackAnchorTransaction(state) {
    const transaction = state.anchorMapTransactions.pop();
    const names = Object.keys(transaction);
    for (let index = names.length - 1; index >= 0; index -= 1) {
      const entry = transaction[names[index]];
      if (entry.existed) {
        state.anchorMap[names[index]] = entry.value;
      } else {
        delete state.anchorMap[names[index]];
      }
    }
  }
  function snapshotState(state) {
    return {
      position: state.position,
      line: state.line,
      lineStart: state.lineStart,
      lineIndent: state.lineIndent,
      firstTabInLine: state.firstTabInLine,
      tag: state.tag,
      anchor: state.anchor,
      kind: state.kind,
      result: state.result
    };
  }
  function restoreState(state, snapshot) {
    state.position = snapshot.position;
    state.line = snapshot.line;
    state.lineStart = snapshot.lineStart;
    state.lineIndent = snapshot.lineIndent;
    state.firstTabInLine = snapshot.firstTabInLine;
    state.tag = snapshot.tag;
    state.anchor = snapshot.anchor;
    state.kind = snapshot.kind;
    state.result = snapshot.result;
  }
  const directiveHandlers = {
    YAML: function handleYamlDirective(state, name, args) {
      if (state.version !== null) {
        throwError(state, "duplication of %YAML directive");
      }
      if (args.length !== 1) {
        throwError(state, "YAML directive accepts exactly one argument");
      }
      const match = /^([0-9]+)\.([0-9]+)$/.exec(args[0]);
      if (match === null) {
        throwError(state, "ill-formed argument of the YAML directive");
      }
      const major = parseInt(match[1], 10);
      const minor = parseInt(match[2], 10);
      if (major !== 1) {
        throwError(state, "unacceptable YAML version of the document");
      }
      state.version = args[0];
      state.checkLineBreaks = minor < 2;
      if (minor !== 1 && minor !== 2) {
        throwWarning(state, "unsupported YAML version of the document");
      }
    },
    TAG: function handleTagDirective(state, name, args) {
      let prefix;
      if (args.length !== 2) {
        throwError(state, "TAG directive accepts exactly two arguments");
      }
      const handle = args[0];
      prefix = args[1];
      if (!PATTERN_TAG_HANDLE.test(handle)) {
        throwError(state, "ill-formed tag handle (first argument) of the TAG directive");
      }
      if (_hasOwnProperty.call(state.tagMap, handle)) {
        throwError(state, 'there is a previously declared suffix for "' + handle + '" tag handle');
      }
      if (!PATTERN_TAG_URI.test(prefix)) {
        throwError(state, "ill-formed tag prefix (second argument) of the TAG directive");
      }
      try {
        prefix = decodeURIComponent(prefix);
      } catch (err) {
        throwError(state, "tag prefix is malformed: " + prefix);
      }
      state.tagMap[handle] = prefix;
    }
  };
  function captureSegment(state, start, end, checkJson) {
    if (start < end) {
      const _result = state.input.slice(start, end);
      if (checkJson) {
        for (let _position = 0, _length = _result.length; _position < _length; _position += 1) {
          const _character = _result.charCodeAt(_position);
          if (!(_character === 9 || _character >= 32 && _character <= 1114111)) {
            throwError(state, "expected valid JSON character");
          }
        }
      } else if (PATTERN_NON_PRINTABLE.test(_result)) {
        throwError(state, "the stream contains non-printable characters");
      }
      state.result += _result;
    }
  }
  function chargeMergeWork(state) {
    state.totalMergeKeys++;
    if (state.maxTotalMergeKeys !== -1 && state.totalMergeKeys > state.maxTotalMergeKeys) {
      throwError(state, "merge keys exceeded maxTotalMergeKeys (" + state.maxTotalMergeKeys + ")");
    }
  }
  function mergeMappings(state, destination, source, overridableKeys) {
    if (!common22.isObject(source)) {
      throwError(state, "cannot merge mappings; the provided source object is unacceptable");
    }
    chargeMergeWork(state);
    const sourceKeys = Object.keys(source);
    for (let index = 0, quantity = sourceKeys.length; index < quantity; index += 1) {
      const key2 = sourceKeys[index];
      chargeMergeWork(state);
      if (!_hasOwnProperty.call(destination, key2)) {
        setProperty(destination, key2, source[key2]);
        overridableKeys[key2] = true;
      }
    }
  }
  function storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, startLine, startLineStart, startPos) {
    if (Array.isArray(keyNode)) {
      keyNode = Array.prototype.slice.call(keyNode);
      for (let index = 0, quantity = keyNode.length; index < quantity; index += 1) {
        if (Array.isArray(keyNode[index])) {
          throwError(state, "nested arrays are not supported inside keys");
        }
        if (typeof keyNode === "object" && _class(keyNode[index]) === "[object Object]") {
          keyNode[index] = "[object Object]";
        }
      }
    }
    if (typeof keyNode === "object" && _class(keyNode) === "[object Object]") {
      keyNode = "[object Object]";
    }
    keyNode = String(keyNode);
    if (_result === null) {
      _result = {};
    }
    if (keyTag === "tag:yaml.org,2002:merge") {
      if (Array.isArray(valueNode)) {
        if (valueNode.length > 100) {
          throwError(state, "abnormal merge sequence size");
        }
        for (let index = 0, quantity = valueNode.length; index < quantity; index += 1) {
          mergeMappings(state, _result, valueNode[index], overridableKeys);
        }
      } else {
        mergeMappings(state, _result, valueNode, overridableKeys);
      }
    } else {
      if (!state.json && !_hasOwnProperty.call(overridableKeys, keyNode) && _hasOwnProperty.call(_result, keyNode)) {
        state.line = startLine || state.line;
        state.lineStart = startLineStart || state.lineStart;
        state.position = startPos || state.position;
        throwError(state, "duplicated mapping key");
      }
      setProperty(_result, keyNode, valueNode);
      delete overridableKeys[keyNode];
    }
    return _result;
  }
  function readLineBreak(state) {
    const ch = state.input.charCodeAt(state.position);
    if (ch === 10) {
      state.position++;
    } else if (ch === 13) {
      state.position++;
      if (state.input.charCodeAt(state.position) === 10) {
        state.position++;
      }
    } else {
      throwError(state, "a line break is expected");
    }
    state.line += 1;
    state.lineStart = state.position;
    state.firstTabInLine = -1;
  }
  function skipSeparationSpace(state, allowComments, checkIndent) {
    let lineBreaks = 0;
    let ch = state.input.charCodeAt(state.position);
    while (ch !== 0) {
      while (isWhiteSpace(ch)) {
        if (ch === 9 && state.firstTabInLine === -1) {
          state.firstTabInLine = state.position;
        }
        ch = state.input.charCodeAt(++state.position);
      }
      if (allowComments && ch === 35) {
        do {
          ch = state.input.charCodeAt(++state.position);
        } while (ch !== 10 && ch !== 13 && ch !== 0);
      }
      if (isEol(ch)) {
        readLineBreak(state);
        ch = state.input.charCodeAt(state.position);
        lineBreaks++;
        state.lineIndent = 0;
        while (ch === 32) {
          state.lineIndent++;
          ch = state.input.charCodeAt(++state.position);
        }
      } else {
        break;
      }
    }
    if (checkIndent !== -1 && lineBreaks !== 0 && state.lineIndent < checkIndent) {
      throwWarning(state, "deficient indentation");
    }
    return lineBreaks;
  }
  function testDocumentSeparator(state) {
    let _position = state.position;
    let ch = state.input.charCodeAt(_position);
    if ((ch === 45 || ch === 46) && ch === state.input.charCodeAt(_position + 1) && ch === state.input.charCodeAt(_position + 2)) {
      _position += 3;
      ch = state.input.charCodeAt(_position);
      if (ch === 0 || isWsOrEol(ch)) {
        return true;
      }
    }
    return false;
  }
  function writeFoldedLines(state, count) {
    if (count === 1) {
      state.result += " ";
    } else if (count > 1) {
      state.result += common22.repeat("\n", count - 1);
    }
  }
  function readPlainScalar(state, nodeIndent, withinFlowCollection) {
    let captureStart;
    let captureEnd;
    let hasPendingContent;
    let _line;
    let _lineStart;
    let _lineIndent;
    const _kind = state.kind;
    const _result = state.result;
    let ch = state.input.charCodeAt(state.position);
    if (isWsOrEol(ch) || isFlowIndicator(ch) || ch === 35 || ch === 38 || ch === 42 || ch === 33 || ch === 124 || ch === 62 || ch === 39 || ch === 34 || ch === 37 || ch === 64 || ch === 96) {
      return false;
    }
    if (ch === 63 || ch === 45) {
      const following = state.input.charCodeAt(state.position + 1);
      if (isWsOrEol(following) || withinFlowCollection && isFlowIndicator(following)) {
        return false;
      }
    }
    state.kind = "scalar";
    state.result = "";
    captureStart = captureEnd = state.position;
    hasPendingContent = false;
    while (ch !== 0) {
      if (ch === 58) {
        const following = state.input.charCodeAt(state.position + 1);
        if (isWsOrEol(following) || withinFlowCollection && isFlowIndicator(following)) {
          break;
        }
      } else if (ch === 35) {
        const preceding = state.input.charCodeAt(state.position - 1);
        if (isWsOrEol(preceding)) {
          break;
        }
      } else if (state.position === state.lineStart && testDocumentSeparator(state) || withinFlowCollection && isFlowIndicator(ch)) {
        break;
      } else if (isEol(ch)) {
        _line = state.line;
        _lineStart = state.lineStart;
        _lineIndent = state.lineIndent;
        skipSeparationSpace(state, false, -1);
        if (state.lineIndent >= nodeIndent) {
          hasPendingContent = true;
          ch = state.input.charCodeAt(state.position);
          continue;
        } else {
          state.position = captureEnd;
          state.line = _line;
          state.lineStart = _lineStart;
          state.lineIndent = _lineIndent;
          break;
        }
      }
      if (hasPendingContent) {
        captureSegment(state, captureStart, captureEnd, false);
        writeFoldedLines(state, state.line - _line);
        captureStart = captureEnd = state.position;
        hasPendingContent = false;
      }
      if (!isWhiteSpace(ch)) {
        captureEnd = state.position + 1;
      }
      ch = state.input.charCodeAt(++state.position);
    }
    captureSegment(state, captureStart, captureEnd, false);
    if (state.result) {
      return true;
    }
    state.kind = _kind;
    state.result = _result;
    return false;
  }
  function readSingleQuotedScalar(state, nodeIndent) {
    let captureStart;
    let captureEnd;
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 39) {
      return false;
    }
    state.kind = "scalar";
    state.result = "";
    state.position++;
    captureStart = captureEnd = state.position;
    while ((ch = state.input.charCodeAt(state.position)) !== 0) {
      if (ch === 39) {
        captureSegment(state, captureStart, state.position, true);
        ch = state.input.charCodeAt(++state.position);
        if (ch === 39) {
          captureStart = state.position;
          state.position++;
          captureEnd = state.position;
        } else {
          return true;
        }
      } else if (isEol(ch)) {
        captureSegment(state, captureStart, captureEnd, true);
        writeFoldedLines(state, skipSeparationSpace(state, false, nodeIndent));
        captureStart = captureEnd = state.position;
      } else if (state.position === state.lineStart && testDocumentSeparator(state)) {
        throwError(state, "unexpected end of the document within a single quoted scalar");
      } else {
        state.position++;
        if (!isWhiteSpace(ch)) {
          captureEnd = state.position;
        }
      }
    }
    throwError(state, "unexpected end of the stream within a single quoted scalar");
  }
  function readDoubleQuotedScalar(state, nodeIndent) {
    let captureStart;
    let captureEnd;
    let tmp;
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 34) {
      return false;
    }
    state.kind = "scalar";
    state.result = "";
    state.position++;
    captureStart = captureEnd = state.position;
    while ((ch = state.input.charCodeAt(state.position)) !== 0) {
      if (ch === 34) {
        captureSegment(state, captureStart, state.position, true);
        state.position++;
        return true;
      } else if (ch === 92) {
        captureSegment(state, captureStart, state.position, true);
        ch = state.input.charCodeAt(++state.position);
        if (isEol(ch)) {
          skipSeparationSpace(state, false, nodeIndent);
        } else if (ch < 256 && simpleEscapeCheck[ch]) {
          state.result += simpleEscapeMap[ch];
          state.position++;
        } else if ((tmp = escapedHexLen(ch)) > 0) {
          let hexLength = tmp;
          let hexResult = 0;
          for (; hexLength > 0; hexLength--) {
            ch = state.input.charCodeAt(++state.position);
            if ((tmp = fromHexCode(ch)) >= 0) {
              hexResult = (hexResult << 4) + tmp;
            } else {
              throwError(state, "expected hexadecimal character");
            }
          }
          state.result += charFromCodepoint(hexResult);
          state.position++;
        } else {
          throwError(state, "unknown escape sequence");
        }
        captureStart = captureEnd = state.position;
      } else if (isEol(ch)) {
        captureSegment(state, captureStart, captureEnd, true);
        writeFoldedLines(state, skipSeparationSpace(state, false, nodeIndent));
        captureStart = captureEnd = state.position;
      } else if (state.position === state.lineStart && testDocumentSeparator(state)) {
        throwError(state, "unexpected end of the document within a double quoted scalar");
      } else {
        state.position++;
        if (!isWhiteSpace(ch)) {
          captureEnd = state.position;
        }
      }
    }
    throwError(state, "unexpected end of the stream within a double quoted scalar");
  }
  function readFlowCollection(state, nodeIndent) {
    let readNext = true;
    let _line;
    let _lineStart;
    let _pos;
    const _tag = state.tag;
    let _result;
    const _anchor = state.anchor;
    let terminator;
    let isPair;
    let isExplicitPair;
    let isMapping;
    const overridableKeys = /* @__PURE__ */ Object.create(null);
    let keyNode;
    let keyTag;
    let valueNode;
    let ch = state.input.charCodeAt(state.position);
    if (ch === 91) {
      terminator = 93;
      isMapping = false;
      _result = [];
    } else if (ch === 123) {
      terminator = 125;
      isMapping = true;
      _result = {};
    } else {
      return false;
    }
    if (state.anchor !== null) {
      storeAnchor(state, state.anchor, _result);
    }
    ch = state.input.charCodeAt(++state.position);
    while (ch !== 0) {
      skipSeparationSpace(state, true, nodeIndent);
      ch = state.input.charCodeAt(state.position);
      if (ch === terminator) {
        state.position++;
        state.tag = _tag;
        state.anchor = _anchor;
        state.kind = isMapping ? "mapping" : "sequence";
        state.result = _result;
        return true;
      } else if (!readNext) {
        throwError(state, "missed comma between flow collection entries");
      } else if (ch === 44) {
        throwError(state, "expected the node content, but found ','");
      }
      keyTag = keyNode = valueNode = null;
      isPair = isExplicitPair = false;
      if (ch === 63) {
        const following = state.input.charCodeAt(state.position + 1);
        if (isWsOrEol(following)) {
          isPair = isExplicitPair = true;
          state.position++;
          skipSeparationSpace(state, true, nodeIndent);
        }
      }
      _line = state.line;
      _lineStart = state.lineStart;
      _pos = state.position;
      composeNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
      keyTag = state.tag;
      keyNode = state.result;
      skipSeparationSpace(state, true, nodeIndent);
      ch = state.input.charCodeAt(state.position);
      if ((isExplicitPair || state.line === _line) && ch === 58) {
        isPair = true;
        ch = state.input.charCodeAt(++state.position);
        skipSeparationSpace(state, true, nodeIndent);
        composeNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
        valueNode = state.result;
      }
      if (isMapping) {
        storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, _line, _lineStart, _pos);
      } else if (isPair) {
        _result.push(storeMappingPair(state, null, overridableKeys, keyTag, keyNode, valueNode, _line, _lineStart, _pos));
      } else {
        _result.push(keyNode);
      }
      skipSeparationSpace(state, true, nodeIndent);
      ch = state.input.charCodeAt(state.position);
      if (ch === 44) {
        readNext = true;
        ch = state.input.charCodeAt(++state.position);
      } else {
        readNext = false;
      }
    }
    throwError(state, "unexpected end of the stream within a flow collection");
  }
  function readBlockScalar(state, nodeIndent) {
    let folding;
    let chomping = CHOMPING_CLIP;
    let didReadContent = false;
    let detectedIndent = false;
    let textIndent = nodeIndent;
    let emptyLines = 0;
    let atMoreIndented = false;
    let tmp;
    let ch = state.input.charCodeAt(state.position);
    if (ch === 124) {
      folding = false;
    } else if (ch === 62) {
      folding = true;
    } else {
      return false;
    }
    state.kind = "scalar";
    state.result = "";
    while (ch !== 0) {
      ch = state.input.charCodeAt(++state.position);
      if (ch === 43 || ch === 45) {
        if (CHOMPING_CLIP === chomping) {
          chomping = ch === 43 ? CHOMPING_KEEP : CHOMPING_STRIP;
        } else {
          throwError(state, "repeat of a chomping mode identifier");
        }
      } else if ((tmp = fromDecimalCode(ch)) >= 0) {
        if (tmp === 0) {
          throwError(state, "bad explicit indentation width of a block scalar; it cannot be less than one");
        } else if (!detectedIndent) {
          textIndent = nodeIndent + tmp - 1;
          detectedIndent = true;
        } else {
          throwError(state, "repeat of an indentation width identifier");
        }
      } else {
        break;
      }
    }
    if (isWhiteSpace(ch)) {
      do {
        ch = state.input.charCodeAt(++state.position);
      } while (isWhiteSpace(ch));
      if (ch === 35) {
        do {
          ch = state.input.charCodeAt(++state.position);
        } while (!isEol(ch) && ch !== 0);
      }
    }
    while (ch !== 0) {
      readLineBreak(state);
      state.lineIndent = 0;
      ch = state.input.charCodeAt(state.position);
      while ((!detectedIndent || state.lineIndent < textIndent) && ch === 32) {
        state.lineIndent++;
        ch = state.input.charCodeAt(++state.position);
      }
      if (!detectedIndent && state.lineIndent > textIndent) {
        textIndent = state.lineIndent;
      }
      if (isEol(ch)) {
        emptyLines++;
        continue;
      }
      if (!detectedIndent && textIndent === 0) {
        throwError(state, "missing indentation for block scalar");
      }
      if (state.lineIndent < textIndent) {
        if (chomping === CHOMPING_KEEP) {
          state.result += common22.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
        } else if (chomping === CHOMPING_CLIP) {
          if (didReadContent) {
            state.result += "\n";
          }
        }
        break;
      }
      if (folding) {
        if (isWhiteSpace(ch)) {
          atMoreIndented = true;
          state.result += common22.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          state.result += common22.repeat("\n", emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didReadContent) {
            state.result += " ";
          }
        } else {
          state.result += common22.repeat("\n", emptyLines);
        }
      } else {
        state.result += common22.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
      }
      didReadContent = true;
      detectedIndent = true;
      emptyLines = 0;
      const captureStart = state.position;
      while (!isEol(ch) && ch !== 0) {
        ch = state.input.charCodeAt(++state.position);
      }
      captureSegment(state, captureStart, state.position, false);
    }
    return true;
  }
  function readBlockSequence(state, nodeIndent) {
    const _tag = state.tag;
    const _anchor = state.anchor;
    const _result = [];
    let detected = false;
    if (state.firstTabInLine !== -1) return false;
    if (state.anchor !== null) {
      storeAnchor(state, state.anchor, _result);
    }
    let ch = state.input.charCodeAt(state.position);
    while (ch !== 0) {
      if (state.firstTabInLine !== -1) {
        state.position = state.firstTabInLine;
        throwError(state, "tab characters must not be used in indentation");
      }
      if (ch !== 45) {
        break;
      }
      const following = state.input.charCodeAt(state.position + 1);
      if (!isWsOrEol(following)) {
        break;
      }
      detected = true;
      state.position++;
      if (skipSeparationSpace(state, true, -1)) {
        if (state.lineIndent <= nodeIndent) {
          _result.push(null);
          ch = state.input.charCodeAt(state.position);
          continue;
        }
      }
      const _line = state.line;
      composeNode(state, nodeIndent, CONTEXT_BLOCK_IN, false, true);
      _result.push(state.result);
      skipSeparationSpace(state, true, -1);
      ch = state.input.charCodeAt(state.position);
      if ((state.line === _line || state.lineIndent > nodeIndent) && ch !== 0) {
        throwError(state, "bad indentation of a sequence entry");
      } else if (state.lineIndent < nodeIndent) {
        break;
      }
    }
    if (detected) {
      state.tag = _tag;
      state.anchor = _anchor;
      state.kind = "sequence";
      state.result = _result;
      return true;
    }
    return false;
  }
  function readBlockMapping(state, nodeIndent, flowIndent) {
    let allowCompact;
    let _keyLine;
    let _keyLineStart;
    let _keyPos;
    const _tag = state.tag;
    const _anchor = state.anchor;
    const _result = {};
    const overridableKeys = /* @__PURE__ */ Object.create(null);
    let keyTag = null;
    let keyNode = null;
    let valueNode = null;
    let atExplicitKey = false;
    let detected = false;
    if (state.firstTabInLine !== -1) return false;
    if (state.anchor !== null) {
      storeAnchor(state, state.anchor, _result);
    }
    let ch = state.input.charCodeAt(state.position);
    while (ch !== 0) {
      if (!atExplicitKey && state.firstTabInLine !== -1) {
        state.position = state.firstTabInLine;
        throwError(state, "tab characters must not be used in indentation");
      }
      const following = state.input.charCodeAt(state.position + 1);
      const _line = state.line;
      if ((ch === 63 || ch === 58) && isWsOrEol(following)) {
        if (ch === 63) {
          if (atExplicitKey) {
            storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
            keyTag = keyNode = valueNode = null;
          }
          detected = true;
          atExplicitKey = true;
          allowCompact = true;
        } else if (atExplicitKey) {
          atExplicitKey = false;
          allowCompact = true;
        } else {
          throwError(state, "incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line");
        }
        state.position += 1;
        ch = following;
      } else {
        _keyLine = state.line;
        _keyLineStart = state.lineStart;
        _keyPos = state.position;
        if (!composeNode(state, flowIndent, CONTEXT_FLOW_OUT, false, true)) {
          break;
        }
        if (state.line === _line) {
          ch = state.input.charCodeAt(state.position);
          while (isWhiteSpace(ch)) {
            ch = state.input.charCodeAt(++state.position);
          }
          if (ch === 58) {
            ch = state.input.charCodeAt(++state.position);
            if (!isWsOrEol(ch)) {
              throwError(state, "a whitespace character is expected after the key-value separator within a block mapping");
            }
            if (atExplicitKey) {
              storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
              keyTag = keyNode = valueNode = null;
            }
            detected = true;
            atExplicitKey = false;
            allowCompact = false;
            keyTag = state.tag;
            keyNode = state.result;
          } else if (detected) {
            throwError(state, "can not read an implicit mapping pair; a colon is missed");
          } else {
            state.tag = _tag;
            state.anchor = _anchor;
            return true;
          }
        } else if (detected) {
          throwError(state, "can not read a block mapping entry; a multiline key may not be an implicit key");
        } else {
          state.tag = _tag;
          state.anchor = _anchor;
          return true;
        }
      }
      if (state.line === _line || state.lineIndent > nodeIndent) {
        if (atExplicitKey) {
          _keyLine = state.line;
          _keyLineStart = state.lineStart;
          _keyPos = state.position;
        }
        if (composeNode(state, nodeIndent, CONTEXT_BLOCK_OUT, true, allowCompact)) {
          if (atExplicitKey) {
            keyNode = state.result;
          } else {
            valueNode = state.result;
          }
        }
        if (!atExplicitKey) {
          storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, _keyLine, _keyLineStart, _keyPos);
          keyTag = keyNode = valueNode = null;
        }
        skipSeparationSpace(state, true, -1);
        ch = state.input.charCodeAt(state.position);
      }
      if ((state.line === _line || state.lineIndent > nodeIndent) && ch !== 0) {
        throwError(state, "bad indentation of a mapping entry");
      } else if (state.lineIndent < nodeIndent) {
        break;
      }
    }
    if (atExplicitKey) {
      storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
    }
    if (detected) {
      state.tag = _tag;
      state.anchor = _anchor;
      state.kind = "mapping";
      state.result = _result;
    }
    return detected;
  }
  function readTagProperty(state) {
    let isVerbatim = false;
    let isNamed = false;
    let tagHandle;
    let tagName;
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 33) return false;
    if (state.tag !== null) {
      throwError(state, "duplication of a tag property");
    }
    ch = state.input.charCodeAt(++state.position);
    if (ch === 60) {
      isVerbatim = true;
      ch = state.input.charCodeAt(++state.position);
    } else if (ch === 33) {
      isNamed = true;
      tagHandle = "!!";
      ch = state.input.charCodeAt(++state.position);
    } else {
      tagHandle = "!";
    }
    let _position = state.position;
    if (isVerbatim) {
      do {
        ch = state.input.charCodeAt(++state.position);
      } while (ch !== 0 && ch !== 62);
      if (state.position < state.length) {
        tagName = state.input.slice(_position, state.position);
        ch = state.input.charCodeAt(++state.position);
      } else {
        throwError(state, "unexpected end of the stream within a verbatim tag");
      }
    } else {
      while (ch !== 0 && !isWsOrEol(ch)) {
        if (ch === 33) {
          if (!isNamed) {
            tagHandle = state.input.slice(_position - 1, state.position + 1);
            if (!PATTERN_TAG_HANDLE.test(tagHandle)) {
              throwError(state, "named tag handle cannot contain such characters");
            }
            isNamed = true;
            _position = state.position + 1;
          } else {
            throwError(state, "tag suffix cannot contain exclamation marks");
          }
        }
        ch = state.input.charCodeAt(++state.position);
      }
      tagName = state.input.slice(_position, state.position);
      if (PATTERN_FLOW_INDICATORS.test(tagName)) {
        throwError(state, "tag suffix cannot contain flow indicator characters");
      }
    }
    if (tagName && !PATTERN_TAG_URI.test(tagName)) {
      throwError(state, "tag name cannot contain such characters: " + tagName);
    }
    try {
      tagName = decodeURIComponent(tagName);
    } catch (err) {
      throwError(state, "tag name is malformed: " + tagName);
    }
    if (isVerbatim) {
      state.tag = tagName;
    } else if (_hasOwnProperty.call(state.tagMap, tagHandle)) {
      state.tag = state.tagMap[tagHandle] + tagName;
    } else if (tagHandle === "!") {
      state.tag = "!" + tagName;
    } else if (tagHandle === "!!") {
      state.tag = "tag:yaml.org,2002:" + tagName;
    } else {
      throwError(state, 'undeclared tag handle "' + tagHandle + '"');
    }
    return true;
  }
  function readAnchorProperty(state) {
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 38) return false;
    if (state.anchor !== null) {
      throwError(state, "duplication of an anchor property");
    }
    ch = state.input.charCodeAt(++state.position);
    const _position = state.position;
    while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator(ch)) {
      ch = state.input.charCodeAt(++state.position);
    }
    if (state.position === _position) {
      throwError(state, "name of an anchor node must contain at least one character");
    }
    state.anchor = state.input.slice(_position, state.position);
    return true;
  }
  function readAlias(state) {
    let ch = state.input.charCodeAt(state.position);
    if (ch !== 42) return false;
    ch = state.input.charCodeAt(++state.position);
    const _position = state.position;
    while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator(ch)) {
      ch = state.input.charCodeAt(++state.position);
    }
    if (state.position === _position) {
      throwError(state, "name of an alias node must contain at least one character");
    }
    const alias = state.input.slice(_position, state.position);
    if (!_hasOwnProperty.call(state.anchorMap, alias)) {
      throwError(state, 'unidentified alias "' + alias + '"');
    }
    state.result = state.anchorMap[alias];
    skipSeparationSpace(state, true, -1);
    return true;
  }
  function tryReadBlockMappingFromProperty(state, propertyStart, nodeIndent, flowIndent) {
    const fallbackState = snapshotState(state);
    beginAnchorTransaction(state);
    restoreState(state, propertyStart);
    state.tag = null;
    state.anchor = null;
    state.kind = null;
    state.result = null;
    if (readBlockMapping(state, nodeIndent, flowIndent) && state.kind === "mapping") {
      commitAnchorTransaction(state);
      return true;
    }
    rollbackAnchorTransaction(state);
    restoreState(state, fallbackState);
    return false;
  }
  function composeNode(state, parentIndent, nodeContext, allowToSeek, allowCompact) {
    let allowBlockScalars;
    let allowBlockCollections;
    let indentStatus = 1;
    let atNewLine = false;
    let hasContent = false;
    let propertyStart = null;
    let type2;
    let flowIndent;
    let blockIndent;
    if (state.depth >= state.maxDepth) {
      throwError(state, "nesting exceeded maxDepth (" + state.maxDepth + ")");
    }
    state.depth += 1;
    if (state.listener !== null) {
      state.listener("open", state);
    }
    state.tag = null;
    state.anchor = null;
    state.kind = null;
    state.result = null;
    const allowBlockStyles = allowBlockScalars = allowBlockCollections = CONTEXT_BLOCK_OUT === nodeContext || CONTEXT_BLOCK_IN === nodeContext;
    if (allowToSeek) {
      if (skipSeparationSpace(state, true, -1)) {
        atNewLine = true;
        if (state.lineIndent > parentIndent) {
          indentStatus = 1;
        } else if (state.lineIndent === parentIndent) {
          indentStatus = 0;
        } else if (state.lineIndent < parentIndent) {
          indentStatus = -1;
        }
      }
    }
    if (indentStatus === 1) {
      while (true) {
        const ch = state.input.charCodeAt(state.position);
        const propertyState = snapshotState(state);
        if (atNewLine && (ch === 33 && state.tag !== null || ch === 38 && state.anchor !== null)) {
          break;
        }
        if (!readTagProperty(state) && !readAnchorProperty(state)) {
          break;
        }
        if (propertyStart === null) {
          propertyStart = propertyState;
        }
        if (skipSeparationSpace(state, true, -1)) {
          atNewLine = true;
          allowBlockCollections = allowBlockStyles;
          if (state.lineIndent > parentIndent) {
            indentStatus = 1;
          } else if (state.lineIndent === parentIndent) {
            indentStatus = 0;
          } else if (state.lineIndent < parentIndent) {
            indentStatus = -1;
          }
        } else {
          allowBlockCollections = false;
        }
      }
    }
    if (allowBlockCollections) {
      allowBlockCollections = atNewLine || allowCompact;
    }
    if (indentStatus === 1 || CONTEXT_BLOCK_OUT === nodeContext) {
      if (CONTEXT_FLOW_IN === nodeContext || CONTEXT_FLOW_OUT === nodeContext) {
        flowIndent = parentIndent;
      } else {
        flowIndent = parentIndent + 1;
      }
      blockIndent = state.position - state.lineStart;
      if (indentStatus === 1) {
        if (allowBlockCollections && (readBlockSequence(state, blockIndent) || readBlockMapping(state, blockIndent, flowIndent)) || readFlowCollection(state, flowIndent)) {
          hasContent = true;
        } else {
          const ch = state.input.charCodeAt(state.position);
          if (propertyStart !== null && allowBlockStyles && !allowBlockCollections && ch !== 124 && ch !== 62 && tryReadBlockMappingFromProperty(
            state,
            propertyStart,
            propertyStart.position - propertyStart.lineStart,
            flowIndent
          )) {
            hasContent = true;
          } else if (allowBlockScalars && readBlockScalar(state, flowIndent) || readSingleQuotedScalar(state, flowIndent) || readDoubleQuotedScalar(state, flowIndent)) {
            hasContent = true;
          } else if (readAlias(state)) {
            hasContent = true;
            if (state.tag !== null || state.anchor !== null) {
              throwError(state, "alias node should not have any properties");
            }
          } else if (readPlainScalar(state, flowIndent, CONTEXT_FLOW_IN === nodeContext)) {
            hasContent = true;
            if (state.tag === null) {
              state.tag = "?";
            }
          }
          if (state.anchor !== null) {
            storeAnchor(state, state.anchor, state.result);
          }
        }
      } else if (indentStatus === 0) {
        hasContent = allowBlockCollections && readBlockSequence(state, blockIndent);
      }
    }
    if (state.tag === null) {
      if (state.anchor !== null) {
        storeAnchor(state, state.anchor, state.result);
      }
    } else if (state.tag === "?") {
      if (state.result !== null && state.kind !== "scalar") {
        throwError(state, 'unacceptable node kind for !<?> tag; it should be "scalar", not "' + state.kind + '"');
      }
      for (let typeIndex = 0, typeQuantity = state.implicitTypes.length; typeIndex < typeQuantity; typeIndex += 1) {
        type2 = state.implicitTypes[typeIndex];
        if (type2.resolve(state.result)) {
          state.result = type2.construct(state.result);
          state.tag = type2.tag;
          if (state.anchor !== null) {
            storeAnchor(state, state.anchor, state.result);
          }
          break;
        }
      }
    } else if (state.tag !== "!") {
      if (_hasOwnProperty.call(state.typeMap[state.kind || "fallback"], state.tag)) {
        type2 = state.typeMap[state.kind || "fallback"][state.tag];
      } else {
        type2 = null;
        const typeList = state.typeMap.multi[state.kind || "fallback"];
        for (let typeIndex = 0, typeQuantity = typeList.length; typeIndex < typeQuantity; typeIndex += 1) {
          if (state.tag.slice(0, typeList[typeIndex].tag.length) === typeList[typeIndex].tag) {
            type2 = typeList[typeIndex];
            break;
          }
        }
      }
      if (!type2) {
        throwError(state, "unknown tag !<" + state.tag + ">");
      }
      if (state.result !== null && type2.kind !== state.kind) {
        throwError(state, "unacceptable node kind for !<" + state.tag + '> tag; it should be "' + type2.kind + '", not "' + state.kind + '"');
      }
      if (!type2.resolve(state.result, state.tag)) {
        throwError(state, "cannot resolve a node with !<" + state.tag + "> explicit tag");
      } else {
        state.result = type2.construct(state.result, state.tag);
        if (state.anchor !== null) {
          storeAnchor(state, state.anchor, state.result);
        }
      }
    }
    if (state.listener !== null) {
      state.listener("close", state);
    }
    state.depth -= 1;
    return state.tag !== null || state.anchor !== null || hasContent;
  }
  function readDocument(state) {
    const documentStart = state.position;
    let hasDirectives = false;
    let ch;
    state.version = null;
    state.checkLineBreaks = state.legacy;
    state.tagMap = /* @__PURE__ */ Object.create(null);
    state.anchorMap = /* @__PURE__ */ Object.create(null);
    while ((ch = state.input.charCodeAt(state.position)) !== 0) {
      skipSeparationSpace(state, true, -1);
      ch = state.input.charCodeAt(state.position);
      if (state.lineIndent > 0 || ch !== 37) {
        break;
      }
      hasDirectives = true;
      ch = state.input.charCodeAt(++state.position);
      let _position = state.position;
      while (ch !== 0 && !isWsOrEol(ch)) {
        ch = state.input.charCodeAt(++state.position);
      }
      const directiveName = state.input.slice(_position, state.position);
      const directiveArgs = [];
      if (directiveName.length < 1) {
        throwError(state, "directive name must not be less than one character in length");
      }
      while (ch !== 0) {
        while (isWhiteSpace(ch)) {
          ch = state.input.charCodeAt(++state.position);
        }
        if (ch === 35) {
          do {
            ch = state.input.charCodeAt(++state.position);
          } while (ch !== 0 && !isEol(ch));
          break;
        }
        if (isEol(ch)) break;
        _position = state.position;
        while (ch !== 0 && !isWsOrEol(ch)) {
          ch = state.input.charCodeAt(++state.position);
        }
        directiveArgs.push(state.input.slice(_position, state.position));
      }
      if (ch !== 0) readLineBreak(state);
      if (_hasOwnProperty.call(directiveHandlers, directiveName)) {
        directiveHandlers[directiveName](state, directiveName, directiveArgs);
      } else {
        throwWarning(state, 'unknown document directive "' + directiveName + '"');
      }
    }
    skipSeparationSpace(state, true, -1);
    if (state.lineIndent === 0 && state.input.charCodeAt(state.position) === 45 && state.input.charCodeAt(state.position + 1) === 45 && state.input.charCodeAt(state.position + 2) === 45) {
      state.position += 3;
      skipSeparationSpace(state, true, -1);
    } else if (hasDirectives) {
      throwError(state, "directives end mark is expected");
    }
    composeNode(state, state.lineIndent - 1, CONTEXT_BLOCK_OUT, false, true);
    skipSeparationSpace(state, true, -1);
    if (state.checkLineBreaks && PATTERN_NON_ASCII_LINE_BREAKS.test(state.input.slice(documentStart, state.position))) {
      throwWarning(state, "non-ASCII line breaks are interpreted as content");
    }
    state.documents.push(state.result);
    if (state.position === state.lineStart && testDocumentSeparator(state)) {
      if (state.input.charCodeAt(state.position) === 46) {
        state.position += 3;
        skipSeparationSpace(state, true, -1);
      }
      return;
    }
    if (state.position < state.length - 1) {
      throwError(state, "end of the stream or a document separator is expected");
    }
  }
  function loadDocuments(input, options) {
    input = String(input);
    options = options || {};
    if (input.length !== 0) {
      if (input.charCodeAt(input.length - 1) !== 10 && input.charCodeAt(input.length - 1) !== 13) {
        input += "\n";
      }
      if (input.charCodeAt(0) === 65279) {
        input = input.slice(1);
      }
    }
    const state = new State(input, options);
    const nullpos = input.indexOf("\0");
    if (nullpos !== -1) {
      state.position = nullpos;
      throwError(state, "null byte is not allowed in input");
    }
    state.input += "\0";
    while (state.input.charCodeAt(state.position) === 32) {
      state.lineIndent += 1;
      state.position += 1;
    }
    while (state.position < state.length - 1) {
      readDocument(state);
    }
    return state.documents;
  }
  function loadAll2(input, iterator, options) {
    if (iterator !== null && typeof iterator === "object" && typeof options === "undefined") {
      options = iterator;
      iterator = null;
    }
    const documents = loadDocuments(input, options);
    if (typeof iterator !== "function") {
      return documents;
    }
    for (let index = 0, length = documents.length; index < length; index += 1) {
      iterator(documents[index]);
    }
  }
  function load2(input, options) {
    const documents = loadDocuments(input, options);
    if (documents.length === 0) {
      return void 0;
    } else if (documents.length === 1) {
      return documents[0];
    }
    throw new YAMLException2("expected a single document in the stream, but found more");
  }
  loader.loadAll = loadAll2;
  loader.load = load2;
  return loader;
}
var dumper = {};
var hasRequiredDumper;
function requireDumper() {
  if (hasRequiredDumper) return dumper;
  hasRequiredDumper = 1;
  const common22 = requireCommon();
  const YAMLException2 = requireException();
  const DEFAULT_SCHEMA2 = require_default();
  const _toString = Object.prototype.toString;
  const _hasOwnProperty = Object.prototype.hasOwnProperty;
  const CHAR_BOM = 65279;
  const CHAR_TAB = 9;
  const CHAR_LINE_FEED = 10;
  const CHAR_CARRIAGE_RETURN = 13;
  const CHAR_SPACE = 32;
  const CHAR_EXCLAMATION = 33;
  const CHAR_DOUBLE_QUOTE = 34;
  const CHAR_SHARP = 35;
  const CHAR_PERCENT = 37;
  const CHAR_AMPERSAND = 38;
  const CHAR_SINGLE_QUOTE = 39;
  const CHAR_ASTERISK = 42;
  const CHAR_COMMA = 44;
  const CHAR_MINUS = 45;
  const CHAR_COLON = 58;
  const CHAR_EQUALS = 61;
  const CHAR_GREATER_THAN = 62;
  const CHAR_QUESTION = 63;
  const CHAR_COMMERCIAL_AT = 64;
  const CHAR_LEFT_SQUARE_BRACKET = 91;
  const CHAR_RIGHT_SQUARE_BRACKET = 93;
  const CHAR_GRAVE_ACCENT = 96;
  const CHAR_LEFT_CURLY_BRACKET = 123;
  const CHAR_VERTICAL_LINE = 124;
  const CHAR_RIGHT_CURLY_BRACKET = 125;
  const ESCAPE_SEQUENCES = {};
  ESCAPE_SEQUENCES[0] = "\\0";
  ESCAPE_SEQUENCES[7] = "\\a";
  ESCAPE_SEQUENCES[8] = "\\b";
  ESCAPE_SEQUENCES[9] = "\\t";
  ESCAPE_SEQUENCES[10] = "\\n";
  ESCAPE_SEQUENCES[11] = "\\v";
  ESCAPE_SEQUENCES[12] = "\\f";
  ESCAPE_SEQUENCES[13] = "\\r";
  ESCAPE_SEQUENCES[27] = "\\e";
  ESCAPE_SEQUENCES[34] = '\\"';
  ESCAPE_SEQUENCES[92] = "\\\\";
  ESCAPE_SEQUENCES[133] = "\\N";
  ESCAPE_SEQUENCES[160] = "\\_";
  ESCAPE_SEQUENCES[8232] = "\\L";
  ESCAPE_SEQUENCES[8233] = "\\P";
  const DEPRECATED_BOOLEANS_SYNTAX = [
    "y",
    "Y",
    "yes",
    "Yes",
    "YES",
    "on",
    "On",
    "ON",
    "n",
    "N",
    "no",
    "No",
    "NO",
    "off",
    "Off",
    "OFF"
  ];
  const DEPRECATED_BASE60_SYNTAX = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
  function compileStyleMap(schema2, map2) {
    if (map2 === null) return {};
    const result = {};
    const keys = Object.keys(map2);
    for (let index = 0, length = keys.length; index < length; index += 1) {
      let tag = keys[index];
      let style = String(map2[tag]);
      if (tag.slice(0, 2) === "!!") {
        tag = "tag:yaml.org,2002:" + tag.slice(2);
      }
      const type2 = schema2.compiledTypeMap["fallback"][tag];
      if (type2 && _hasOwnProperty.call(type2.styleAliases, style)) {
        style = type2.styleAliases[style];
      }
      result[tag] = style;
    }
    return result;
  }
  function encodeHex(character) {
    let handle;
    let length;
    const string = character.toString(16).toUpperCase();
    if (character <= 255) {
      handle = "x";
      length = 2;
    } else if (character <= 65535) {
      handle = "u";
      length = 4;
    } else if (character <= 4294967295) {
      handle = "U";
      length = 8;
    } else {
      throw new YAMLException2("code point within a string may not be greater than 0xFFFFFFFF");
    }
    return "\\" + handle + common22.repeat("0", length - string.length) + string;
  }
  const QUOTING_TYPE_SINGLE = 1;
  const QUOTING_TYPE_DOUBLE = 2;
  function State(options) {
    this.schema = options["schema"] || DEFAULT_SCHEMA2;
    this.indent = Math.max(1, options["indent"] || 2);
    this.noArrayIndent = options["noArrayIndent"] || false;
    this.skipInvalid = options["skipInvalid"] || false;
    this.flowLevel = common22.isNothing(options["flowLevel"]) ? -1 : options["flowLevel"];
    this.styleMap = compileStyleMap(this.schema, options["styles"] || null);
    this.sortKeys = options["sortKeys"] || false;
    this.lineWidth = options["lineWidth"] || 80;
    this.noRefs = options["noRefs"] || false;
    this.noCompatMode = options["noCompatMode"] || false;
    this.condenseFlow = options["condenseFlow"] || false;
    this.quotingType = options["quotingType"] === '"' ? QUOTING_TYPE_DOUBLE : QUOTING_TYPE_SINGLE;
    this.forceQuotes = options["forceQuotes"] || false;
    this.replacer = typeof options["replacer"] === "function" ? options["replacer"] : null;
    this.implicitTypes = this.schema.compiledImplicit;
    this.explicitTypes = this.schema.compiledExplicit;
    this.tag = null;
    this.result = "";
    this.duplicates = [];
    this.usedDuplicates = null;
  }
  function indentString(string, spaces) {
    const ind = common22.repeat(" ", spaces);
    let position = 0;
    let result = "";
    const length = string.length;
    while (position < length) {
      let line;
      const next = string.indexOf("\n", position);
      if (next === -1) {
        line = string.slice(position);
        position = length;
      } else {
        line = string.slice(position, next + 1);
        position = next + 1;
      }
      if (line.length && line !== "\n") result += ind;
      result += line;
    }
    return result;
  }
  function generateNextLine(state, level) {
    return "\n" + common22.repeat(" ", state.indent * level);
  }
  function testImplicitResolving(state, str22) {
    for (let index = 0, length = state.implicitTypes.length; index < length; index += 1) {
      const type2 = state.implicitTypes[index];
      if (type2.resolve(str22)) {
        return true;
      }
    }
    return false;
  }
  function isWhitespace(c) {
    return c === CHAR_SPACE || c === CHAR_TAB;
  }
  function isPrintable(c) {
    return c >= 32 && c <= 126 || c >= 161 && c <= 55295 && c !== 8232 && c !== 8233 || c >= 57344 && c <= 65533 && c !== CHAR_BOM || c >= 65536 && c <= 1114111;
  }
  function isNsCharOrWhitespace(c) {
    return isPrintable(c) && c !== CHAR_BOM && // - b-char
    c !== CHAR_CARRIAGE_RETURN && c !== CHAR_LINE_FEED;
  }
  function isPlainSafe(c, prev, inblock) {
    const cIsNsCharOrWhitespace = isNsCharOrWhitespace(c);
    const cIsNsChar = cIsNsCharOrWhitespace && !isWhitespace(c);
    return (
      // ns-plain-safe
      (inblock ? cIsNsCharOrWhitespace : cIsNsCharOrWhitespace && // - c-flow-indicator
      c !== CHAR_COMMA && c !== CHAR_LEFT_SQUARE_BRACKET && c !== CHAR_RIGHT_SQUARE_BRACKET && c !== CHAR_LEFT_CURLY_BRACKET && c !== CHAR_RIGHT_CURLY_BRACKET) && // ns-plain-char
      c !== CHAR_SHARP && // false on '#'
      !(prev === CHAR_COLON && !cIsNsChar) || // false on ': '
      isNsCharOrWhitespace(prev) && !isWhitespace(prev) && c === CHAR_SHARP || // change to true on '[^ ]#'
      prev === CHAR_COLON && cIsNsChar
    );
  }
  function isPlainSafeFirst(c) {
    return isPrintable(c) && c !== CHAR_BOM && !isWhitespace(c) && // - s-white
    // - (c-indicator ::=
    // “-” | “?” | “:” | “,” | “[” | “]” | “{” | “}”
    c !== CHAR_MINUS && c !== CHAR_QUESTION && c !== CHAR_COLON && c !== CHAR_COMMA && c !== CHAR_LEFT_SQUARE_BRACKET && c !== CHAR_RIGHT_SQUARE_BRACKET && c !== CHAR_LEFT_CURLY_BRACKET && c !== CHAR_RIGHT_CURLY_BRACKET && // | “#” | “&” | “*” | “!” | “|” | “=” | “>” | “'” | “"”
    c !== CHAR_SHARP && c !== CHAR_AMPERSAND && c !== CHAR_ASTERISK && c !== CHAR_EXCLAMATION && c !== CHAR_VERTICAL_LINE && c !== CHAR_EQUALS && c !== CHAR_GREATER_THAN && c !== CHAR_SINGLE_QUOTE && c !== CHAR_DOUBLE_QUOTE && // | “%” | “@” | “`”)
    c !== CHAR_PERCENT && c !== CHAR_COMMERCIAL_AT && c !== CHAR_GRAVE_ACCENT;
  }
  function isPlainSafeLast(c) {
    return !isWhitespace(c) && c !== CHAR_COLON;
  }
  function codePointAt(string, pos) {
    const first = string.charCodeAt(pos);
    let second;
    if (first >= 55296 && first <= 56319 && pos + 1 < string.length) {
      second = string.charCodeAt(pos + 1);
      if (second >= 56320 && second <= 57343) {
        return (first - 55296) * 1024 + second - 56320 + 65536;
      }
    }
    return first;
  }
  function needIndentIndicator(string) {
    const leadingSpaceRe = /^\n* /;
    return leadingSpaceRe.test(string);
  }
  const STYLE_PLAIN = 1;
  const STYLE_SINGLE = 2;
  const STYLE_LITERAL = 3;
  const STYLE_FOLDED = 4;
  const STYLE_DOUBLE = 5;
  function chooseScalarStyle(string, singleLineOnly, indentPerLevel, lineWidth, testAmbiguousType, quotingType, forceQuotes, inblock) {
    let i;
    let char = 0;
    let prevChar = null;
    let hasLineBreak = false;
    let hasFoldableLine = false;
    const shouldTrackWidth = lineWidth !== -1;
    let previousLineBreak = -1;
    let plain = isPlainSafeFirst(codePointAt(string, 0)) && isPlainSafeLast(codePointAt(string, string.length - 1));
    if (singleLineOnly || forceQuotes) {
      for (i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
        char = codePointAt(string, i);
        if (!isPrintable(char)) {
          return STYLE_DOUBLE;
        }
        plain = plain && isPlainSafe(char, prevChar, inblock);
        prevChar = char;
      }
    } else {
      for (i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
        char = codePointAt(string, i);
        if (char === CHAR_LINE_FEED) {
          hasLineBreak = true;
          if (shouldTrackWidth) {
            hasFoldableLine = hasFoldableLine || // Foldable line = too long, and not more-indented.
            i - previousLineBreak - 1 > lineWidth && string[previousLineBreak + 1] !== " ";
            previousLineBreak = i;
          }
        } else if (!isPrintable(char)) {
          return STYLE_DOUBLE;
        }
        plain = plain && isPlainSafe(char, prevChar, inblock);
        prevChar = char;
      }
      hasFoldableLine = hasFoldableLine || shouldTrackWidth && (i - previousLineBreak - 1 > lineWidth && string[previousLineBreak + 1] !== " ");
    }
    if (!hasLineBreak && !hasFoldableLine) {
      if (plain && !forceQuotes && !testAmbiguousType(string)) {
        return STYLE_PLAIN;
      }
      return quotingType === QUOTING_TYPE_DOUBLE ? STYLE_DOUBLE : STYLE_SINGLE;
    }
    if (indentPerLevel > 9 && needIndentIndicator(string)) {
      return STYLE_DOUBLE;
    }
    if (!forceQuotes) {
      return hasFoldableLine ? STYLE_FOLDED : STYLE_LITERAL;
    }
    return quotingType === QUOTING_TYPE_DOUBLE ? STYLE_DOUBLE : STYLE_SINGLE;
  }
  function writeScalar(state, string, level, iskey, inblock) {
    state.dump = (function() {
      if (string.length === 0) {
        return state.quotingType === QUOTING_TYPE_DOUBLE ? '""' : "''";
      }
      if (!state.noCompatMode) {
        if (DEPRECATED_BOOLEANS_SYNTAX.indexOf(string) !== -1 || DEPRECATED_BASE60_SYNTAX.test(string)) {
          return state.quotingType === QUOTING_TYPE_DOUBLE ? '"' + string + '"' : "'" + string + "'";
        }
      }
      const indent = state.indent * Math.max(1, level);
      const lineWidth = state.lineWidth === -1 ? -1 : Math.max(Math.min(state.lineWidth, 40), state.lineWidth - indent);
      const singleLineOnly = iskey || // No block styles in flow mode.
      state.flowLevel > -1 && level >= state.flowLevel;
      function testAmbiguity(string2) {
        return testImplicitResolving(state, string2);
      }
      switch (chooseScalarStyle(
        string,
        singleLineOnly,
        state.indent,
        lineWidth,
        testAmbiguity,
        state.quotingType,
        state.forceQuotes && !iskey,
        inblock
      )) {
        case STYLE_PLAIN:
          return string;
        case STYLE_SINGLE:
          return "'" + string.replace(/'/g, "''") + "'";
        case STYLE_LITERAL:
          return "|" + blockHeader(string, state.indent) + dropEndingNewline(indentString(string, indent));
        case STYLE_FOLDED:
          return ">" + blockHeader(string, state.indent) + dropEndingNewline(indentString(foldString(string, lineWidth), indent));
        case STYLE_DOUBLE:
          return '"' + escapeString(string) + '"';
        default:
          throw new YAMLException2("impossible error: invalid scalar style");
      }
    })();
  }
  function blockHeader(string, indentPerLevel) {
    const indentIndicator = needIndentIndicator(string) ? String(indentPerLevel) : "";
    const clip = string[string.length - 1] === "\n";
    const keep = clip && (string[string.length - 2] === "\n" || string === "\n");
    const chomp = keep ? "+" : clip ? "" : "-";
    return indentIndicator + chomp + "\n";
  }
  function dropEndingNewline(string) {
    return string[string.length - 1] === "\n" ? string.slice(0, -1) : string;
  }
  function foldString(string, width) {
    const lineRe = /(\n+)([^\n]*)/g;
    let result = (function() {
      let nextLF = string.indexOf("\n");
      nextLF = nextLF !== -1 ? nextLF : string.length;
      lineRe.lastIndex = nextLF;
      return foldLine(string.slice(0, nextLF), width);
    })();
    let prevMoreIndented = string[0] === "\n" || string[0] === " ";
    let moreIndented;
    let match;
    while (match = lineRe.exec(string)) {
      const prefix = match[1];
      const line = match[2];
      moreIndented = line[0] === " ";
      result += prefix + (!prevMoreIndented && !moreIndented && line !== "" ? "\n" : "") + foldLine(line, width);
      prevMoreIndented = moreIndented;
    }
    return result;
  }
  function foldLine(line, width) {
    if (line === "" || line[0] === " ") return line;
    const breakRe = / [^ ]/g;
    let match;
    let start = 0;
    let end;
    let curr = 0;
    let next = 0;
    let result = "";
    while (match = breakRe.exec(line)) {
      next = match.index;
      if (next - start > width) {
        end = curr > start ? curr : next;
        result += "\n" + line.slice(start, end);
        start = end + 1;
      }
      curr = next;
    }
    result += "\n";
    if (line.length - start > width && curr > start) {
      result += line.slice(start, curr) + "\n" + line.slice(curr + 1);
    } else {
      result += line.slice(start);
    }
    return result.slice(1);
  }
  function escapeString(string) {
    let result = "";
    let char = 0;
    for (let i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
      char = codePointAt(string, i);
      const escapeSeq = ESCAPE_SEQUENCES[char];
      if (!escapeSeq && isPrintable(char)) {
        result += string[i];
        if (char >= 65536) result += string[i + 1];
      } else {
        result += escapeSeq || encodeHex(char);
      }
    }
    return result;
  }
  function writeFlowSequence(state, level, object) {
    let _result = "";
    const _tag = state.tag;
    for (let index = 0, length = object.length; index < length; index += 1) {
      let value = object[index];
      if (state.replacer) {
        value = state.replacer.call(object, String(index), value);
      }
      if (writeNode(state, level, value, false, false) || typeof value === "undefined" && writeNode(state, level, null, false, false)) {
        if (_result !== "") _result += "," + (!state.condenseFlow ? " " : "");
        _result += state.dump;
      }
    }
    state.tag = _tag;
    state.dump = "[" + _result + "]";
  }
  function writeBlockSequence(state, level, object, compact) {
    let _result = "";
    const _tag = state.tag;
    for (let index = 0, length = object.length; index < length; index += 1) {
      let value = object[index];
      if (state.replacer) {
        value = state.replacer.call(object, String(index), value);
      }
      if (writeNode(state, level + 1, value, true, true, false, true) || typeof value === "undefined" && writeNode(state, level + 1, null, true, true, false, true)) {
        if (!compact || _result !== "") {
          _result += generateNextLine(state, level);
        }
        if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
          _result += "-";
        } else {
          _result += "- ";
        }
        _result += state.dump;
      }
    }
    state.tag = _tag;
    state.dump = _result || "[]";
  }
  function writeFlowMapping(state, level, object) {
    let _result = "";
    const _tag = state.tag;
    const objectKeyList = Object.keys(object);
    for (let index = 0, length = objectKeyList.length; index < length; index += 1) {
      let pairBuffer = "";
      if (_result !== "") pairBuffer += ", ";
      if (state.condenseFlow) pairBuffer += '"';
      const objectKey2 = objectKeyList[index];
      let objectValue = object[objectKey2];
      if (state.replacer) {
        objectValue = state.replacer.call(object, objectKey2, objectValue);
      }
      if (!writeNode(state, level, objectKey2, false, false)) {
        continue;
      }
      if (state.dump.length > 1024) pairBuffer += "? ";
      pairBuffer += state.dump + (state.condenseFlow ? '"' : "") + ":" + (state.condenseFlow ? "" : " ");
      if (!writeNode(state, level, objectValue, false, false)) {
        continue;
      }
      pairBuffer += state.dump;
      _result += pairBuffer;
    }
    state.tag = _tag;
    state.dump = "{" + _result + "}";
  }
  function writeBlockMapping(state, level, object, compact) {
    let _result = "";
    const _tag = state.tag;
    const objectKeyList = Object.keys(object);
    if (state.sortKeys === true) {
      objectKeyList.sort();
    } else if (typeof state.sortKeys === "function") {
      objectKeyList.sort(state.sortKeys);
    } else if (state.sortKeys) {
      throw new YAMLException2("sortKeys must be a boolean or a function");
    }
    for (let index = 0, length = objectKeyList.length; index < length; index += 1) {
      let pairBuffer = "";
      if (!compact || _result !== "") {
        pairBuffer += generateNextLine(state, level);
      }
      const objectKey2 = objectKeyList[index];
      let objectValue = object[objectKey2];
      if (state.replacer) {
        objectValue = state.replacer.call(object, objectKey2, objectValue);
      }
      if (!writeNode(state, level + 1, objectKey2, true, true, true)) {
        continue;
      }
      const explicitPair = state.tag !== null && state.tag !== "?" || state.dump && state.dump.length > 1024;
      if (explicitPair) {
        if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
          pairBuffer += "?";
        } else {
          pairBuffer += "? ";
        }
      }
      pairBuffer += state.dump;
      if (explicitPair) {
        pairBuffer += generateNextLine(state, level);
      }
      if (!writeNode(state, level + 1, objectValue, true, explicitPair)) {
        continue;
      }
      if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
        pairBuffer += ":";
      } else {
        pairBuffer += ": ";
      }
      pairBuffer += state.dump;
      _result += pairBuffer;
    }
    state.tag = _tag;
    state.dump = _result || "{}";
  }
  function detectType(state, object, explicit) {
    const typeList = explicit ? state.explicitTypes : state.implicitTypes;
    for (let index = 0, length = typeList.length; index < length; index += 1) {
      const type2 = typeList[index];
      if ((type2.instanceOf || type2.predicate) && (!type2.instanceOf || typeof object === "object" && object instanceof type2.instanceOf) && (!type2.predicate || type2.predicate(object))) {
        if (explicit) {
          if (type2.multi && type2.representName) {
            state.tag = type2.representName(object);
          } else {
            state.tag = type2.tag;
          }
        } else {
          state.tag = "?";
        }
        if (type2.represent) {
          const style = state.styleMap[type2.tag] || type2.defaultStyle;
          let _result;
          if (_toString.call(type2.represent) === "[object Function]") {
            _result = type2.represent(object, style);
          } else if (_hasOwnProperty.call(type2.represent, style)) {
            _result = type2.represent[style](object, style);
          } else {
            throw new YAMLException2("!<" + type2.tag + '> tag resolver accepts not "' + style + '" style');
          }
          state.dump = _result;
        }
        return true;
      }
    }
    return false;
  }
  function writeNode(state, level, object, block, compact, iskey, isblockseq) {
    state.tag = null;
    state.dump = object;
    if (!detectType(state, object, false)) {
      detectType(state, object, true);
    }
    const type2 = _toString.call(state.dump);
    const inblock = block;
    if (block) {
      block = state.flowLevel < 0 || state.flowLevel > level;
    }
    const objectOrArray = type2 === "[object Object]" || type2 === "[object Array]";
    let duplicateIndex;
    let duplicate;
    if (objectOrArray) {
      duplicateIndex = state.duplicates.indexOf(object);
      duplicate = duplicateIndex !== -1;
    }
    if (state.tag !== null && state.tag !== "?" || duplicate || state.indent !== 2 && level > 0) {
      compact = false;
    }
    if (duplicate && state.usedDuplicates[duplicateIndex]) {
      state.dump = "*ref_" + duplicateIndex;
    } else {
      if (objectOrArray && duplicate && !state.usedDuplicates[duplicateIndex]) {
        state.usedDuplicates[duplicateIndex] = true;
      }
      if (type2 === "[object Object]") {
        if (block && Object.keys(state.dump).length !== 0) {
          writeBlockMapping(state, level, state.dump, compact);
          if (duplicate) {
            state.dump = "&ref_" + duplicateIndex + state.dump;
          }
        } else {
          writeFlowMapping(state, level, state.dump);
          if (duplicate) {
            state.dump = "&ref_" + duplicateIndex + " " + state.dump;
          }
        }
      } else if (type2 === "[object Array]") {
        if (block && state.dump.length !== 0) {
          if (state.noArrayIndent && !isblockseq && level > 0) {
            writeBlockSequence(state, level - 1, state.dump, compact);
          } else {
            writeBlockSequence(state, level, state.dump, compact);
          }
          if (duplicate) {
            state.dump = "&ref_" + duplicateIndex + state.dump;
          }
        } else {
          writeFlowSequence(state, level, state.dump);
          if (duplicate) {
            state.dump = "&ref_" + duplicateIndex + " " + state.dump;
          }
        }
      } else if (type2 === "[object String]") {
        if (state.tag !== "?") {
          writeScalar(state, state.dump, level, iskey, inblock);
        }
      } else if (type2 === "[object Undefined]") {
        return false;
      } else {
        if (state.skipInvalid) return false;
        throw new YAMLException2("unacceptable kind of an object to dump " + type2);
      }
      if (state.tag !== null && state.tag !== "?") {
        let tagStr = encodeURI(
          state.tag[0] === "!" ? state.tag.slice(1) : state.tag
        ).replace(/!/g, "%21");
        if (state.tag[0] === "!") {
          tagStr = "!" + tagStr;
        } else if (tagStr.slice(0, 18) === "tag:yaml.org,2002:") {
          tagStr = "!!" + tagStr.slice(18);
        } else {
          tagStr = "!<" + tagStr + ">";
        }
        state.dump = tagStr + " " + state.dump;
      }
    }
    return true;
  }
  function getDuplicateReferences(object, state) {
    const objects = [];
    const duplicatesIndexes = [];
    inspectNode(object, objects, duplicatesIndexes);
    const length = duplicatesIndexes.length;
    for (let index = 0; index < length; index += 1) {
      state.duplicates.push(objects[duplicatesIndexes[index]]);
    }
    state.usedDuplicates = new Array(length);
  }
  function inspectNode(object, objects, duplicatesIndexes) {
    if (object !== null && typeof object === "object") {
      const index = objects.indexOf(object);
      if (index !== -1) {
        if (duplicatesIndexes.indexOf(index) === -1) {
          duplicatesIndexes.push(index);
        }
      } else {
        objects.push(object);
        if (Array.isArray(object)) {
          for (let i = 0, length = object.length; i < length; i += 1) {
            inspectNode(object[i], objects, duplicatesIndexes);
          }
        } else {
          const objectKeyList = Object.keys(object);
          for (let i = 0, length = objectKeyList.length; i < length; i += 1) {
            inspectNode(object[objectKeyList[i]], objects, duplicatesIndexes);
          }
        }
      }
    }
  }
  function dump2(input, options) {
    options = options || {};
    const state = new State(options);
    if (!state.noRefs) getDuplicateReferences(input, state);
    let value = input;
    if (state.replacer) {
      value = state.replacer.call({ "": value }, "", value);
    }
    if (writeNode(state, 0, value, true, true)) return state.dump + "\n";
    return "";
  }
  dumper.dump = dump2;
  return dumper;
}
var hasRequiredJsYaml;
function requireJsYaml() {
  if (hasRequiredJsYaml) return jsYaml;
  hasRequiredJsYaml = 1;
  const loader2 = requireLoader();
  const dumper2 = requireDumper();
  function renamed(from, to) {
    return function() {
      throw new Error("Function yaml." + from + " is removed in js-yaml 4. Use yaml." + to + " instead, which is now safe by default.");
    };
  }
  jsYaml.Type = requireType();
  jsYaml.Schema = requireSchema();
  jsYaml.FAILSAFE_SCHEMA = requireFailsafe();
  jsYaml.JSON_SCHEMA = requireJson();
  jsYaml.CORE_SCHEMA = requireCore();
  jsYaml.DEFAULT_SCHEMA = require_default();
  jsYaml.load = loader2.load;
  jsYaml.loadAll = loader2.loadAll;
  jsYaml.dump = dumper2.dump;
  jsYaml.YAMLException = requireException();
  jsYaml.types = {
    binary: requireBinary(),
    float: requireFloat(),
    map: requireMap(),
    null: require_null(),
    pairs: requirePairs(),
    set: requireSet(),
    timestamp: requireTimestamp(),
    bool: requireBool(),
    int: requireInt(),
    merge: requireMerge(),
    omap: requireOmap(),
    seq: requireSeq(),
    str: requireStr()
  };
  jsYaml.safeLoad = renamed("safeLoad", "load");
  jsYaml.safeLoadAll = renamed("safeLoadAll", "loadAll");
  jsYaml.safeDump = renamed("safeDump", "dump");
  return jsYaml;
}
var jsYamlExports = requireJsYaml();
var yaml = /* @__PURE__ */ getDefaultExportFromCjs(jsYamlExports);
var {
  Type,
  Schema,
  FAILSAFE_SCHEMA,
  JSON_SCHEMA,
  CORE_SCHEMA,
  DEFAULT_SCHEMA,
  load,
  loadAll,
  dump,
  YAMLException,
  types,
  safeLoad,
  safeLoadAll,
  safeDump
} = yaml;

// src/input/yaml/documents.ts
var import_yaml = __toESM(require_dist(), 1);

// src/model/diagnostics.ts
function generatedByText(g) {
  return `generated by ${g.kind} ${g.policy}, rule ${g.rule} (${g.file}:${g.line}) for ${g.trigger}`;
}
var Codes = {
  syntax: "RD001",
  notKubernetes: "RD002",
  invalidObject: "RD003",
  invalidPolicy: "RD004",
  limit: "RD005",
  duplicate: "RD006",
  unsupported: "RD007",
  hostNetwork: "RD008",
  unreadable: "RD009",
  labelsDiffer: "RD010",
  notAnalysed: "RD011"
};
var UNREAD_CODES = /* @__PURE__ */ new Set([Codes.syntax, Codes.invalidObject, Codes.invalidPolicy, Codes.limit, Codes.unreadable]);
var ExpansionCodes = {
  /** A policy or rule Kyverno would reject, or a generation that would fail: an error, the rule or trigger is skipped. */
  invalidRule: "RD040",
  /** A rule that needs what reachdiff does not evaluate (apiCall, configMap, unimplemented functions): not expanded. */
  notExpanded: "RD041",
  /** generateExisting false: objects that existed before the policy do not get what it generates. */
  notExisting: "RD042",
  /** An object a rule generated that its kind rejects. */
  invalidGenerated: "RD043",
  /** A match or exclude on who makes the request, which the manifests do not say. */
  userInfo: "RD044",
  /** One object generated twice with different content. */
  generatedTwice: "RD045"
};
var WarningCodes = {
  dnsBlocked: "RD101",
  dnsPortWithoutProtocol: "RD102",
  selectsNothing: "RD103",
  allowsEverything: "RD104",
  ingressDeniedByDefault: "RD105",
  rulesIgnored: "RD106",
  namedPortUndeclared: "RD107",
  peersSplit: "RD108",
  noPolicy: "RD109",
  cidrNotNormal: "RD110",
  ciliumDnsBlocked: "RD120",
  ciliumFqdnWithoutDnsProxy: "RD121",
  ciliumWorldNotCluster: "RD122",
  ciliumCidrForPods: "RD123",
  ciliumUnknownField: "RD124",
  ciliumLabelNotInIdentity: "RD125",
  ciliumNamespaceLabelsAcrossNamespaces: "RD126",
  ciliumEmptySection: "RD127",
  ciliumDenyOnlyDefaultDeny: "RD128",
  ciliumPortRangeBelow: "RD129",
  calicoDenyBeforeKubernetes: "RD130",
  calicoSelectsNothing: "RD131",
  calicoNegatedSelector: "RD132",
  calicoNotSelectorAllowsAll: "RD133",
  calicoTierUnused: "RD134",
  calicoTierUndeclared: "RD135",
  calicoRulesIgnored: "RD136",
  calicoStorageForm: "RD138",
  /** A generate rule whose match selects no object of the manifests. */
  generateMatchesNothing: "RD140",
  /** A generated policy with the name of a written one. */
  generatedCollides: "RD141"
};
function diagnostic(severity, code, at, message) {
  return { severity, code, file: at.file, line: at.line, message };
}
function formatDiagnostic(d) {
  return `${d.file}:${d.line}: ${d.severity}: ${d.message} [${d.code}]`;
}
function compareDiagnostics(a, b) {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

// src/input/yaml/scalars.ts
var FIXED = /* @__PURE__ */ new Map();
for (const [value, words] of [
  [true, ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]],
  [false, ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]]
]) {
  for (const w of words) FIXED.set(w, { type: "bool", value });
}
for (const w of ["", "~", "null", "Null", "NULL"]) FIXED.set(w, { type: "null", value: null });
for (const w of [".nan", ".NaN", ".NAN"]) FIXED.set(w, { type: "float", value: NaN });
for (const w of [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]) FIXED.set(w, { type: "float", value: Infinity });
for (const w of ["-.inf", "-.Inf", "-.INF"]) FIXED.set(w, { type: "float", value: -Infinity });
var HINT = new Uint8Array(128);
var SIGN = 1;
var DIGIT = 2;
var WORD = 3;
var DOT = 4;
HINT[43] = SIGN;
HINT[45] = SIGN;
for (let c = 48; c <= 57; c++) HINT[c] = DIGIT;
for (const ch of "yYnNtTfFoO~") HINT[ch.charCodeAt(0)] = WORD;
HINT[46] = DOT;
var YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
var DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;
var INT64_MAX = 2n ** 63n - 1n;
var INT64_MIN = -(2n ** 63n);
var UINT64_MAX = 2n ** 64n - 1n;
function goInteger(s) {
  let i = 0;
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    i = 1;
  }
  const rest = s.slice(i);
  let digits = /^[0-9]+$/;
  let prefix = "";
  let body = rest;
  if (rest.length > 1 && rest[0] === "0") {
    const p = rest.length >= 3 ? rest[1].toLowerCase() : "";
    if (p === "x") [digits, prefix, body] = [/^[0-9a-fA-F]+$/, "0x", rest.slice(2)];
    else if (p === "o") [digits, prefix, body] = [/^[0-7]+$/, "0o", rest.slice(2)];
    else if (p === "b") [digits, prefix, body] = [/^[01]+$/, "0b", rest.slice(2)];
    else [digits, prefix, body] = [/^[0-7]+$/, "0o", rest.slice(1)];
  }
  if (!digits.test(body)) return void 0;
  const n = BigInt(`${prefix}${body}`);
  return negative ? -n : n;
}
function resolvePlain(text) {
  const c = text.charCodeAt(0);
  const hint = text === "" ? WORD : c < 128 ? HINT[c] : 0;
  if (hint === 0) return { type: "string", value: text };
  const fixed = FIXED.get(text);
  if (fixed) return fixed;
  if (hint === WORD) return { type: "string", value: text };
  if (hint === DOT) {
    if (!DOT_FLOAT.test(text)) return { type: "string", value: text };
    const value = Number(text.replaceAll("_", ""));
    return Number.isFinite(value) ? { type: "float", value: value === 0 ? 0 : value } : { type: "string", value: text };
  }
  const plain = text.indexOf("_") < 0 ? text : text.replaceAll("_", "");
  if (/^[1-9][0-9]{0,14}$/.test(plain)) return { type: "int", value: Number(plain), text: plain };
  const int2 = goInteger(plain);
  if (int2 !== void 0) {
    if (int2 >= INT64_MIN && int2 <= INT64_MAX) return { type: "int", value: Number(int2), text: int2.toString() };
    if (int2 > 0n && int2 <= UINT64_MAX && plain[0] !== "+") return { type: "bigint", value: Number(int2) };
  }
  if (YAML_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return value === 0 ? { type: "float", value: 0, ...Object.is(value, -0) ? { negative: true } : {} } : { type: "float", value };
  }
  if (int2 !== void 0 && int2 > 0n && plain[0] !== "+") return { type: "bigint", value: Number(int2) };
  return { type: "string", value: text };
}
function formatFloat32(f) {
  const f32 = Math.fround(f);
  if (f32 === 0) return Object.is(f32, -0) ? "-0" : "0";
  let s = f32.toExponential(8);
  for (let p = 0; p < 8; p++) {
    const shorter = f32.toExponential(p);
    if (Math.fround(Number(shorter)) === f32) {
      s = shorter;
      break;
    }
  }
  const [mantissa, exp] = s.split("e");
  const sign = f32 < 0 ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    const e = Math.abs(exponent);
    return `${sign}${digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits}e${exponent < 0 ? "-" : "+"}${e < 10 ? `0${e}` : e}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${"0".repeat(exponent + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}
var ConversionError = class extends Error {
  constructor(message, line) {
    super(message);
    this.line = line;
  }
  line;
};
function keyText(s) {
  switch (s.type) {
    case "string":
      return s.value;
    case "bool":
      return s.value ? "true" : "false";
    case "int":
      return s.text;
    case "float":
      if (Number.isNaN(s.value)) return ".nan";
      if (s.value === Infinity) return ".inf";
      if (s.value === -Infinity) return "-.inf";
      return s.negative ? "-0" : formatFloat32(s.value);
    case "null":
      throw new ConversionError("a null mapping key, which kubectl cannot convert to JSON");
    case "bigint":
      throw new ConversionError("an integer mapping key above the int64 range, which kubectl cannot convert to JSON");
  }
}
function jsonValue(s, text) {
  if (s.type === "float" && !Number.isFinite(s.value)) {
    throw new ConversionError(`the value ${text} is not a number JSON can hold, and kubectl refuses it`);
  }
  return s.value;
}
function resolveTagged(tag, text) {
  switch (tag) {
    case "str":
      return text;
    case "binary": {
      const clean = text.replace(/[\s]/g, "");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new ConversionError(`!!binary value is not base64`);
      return Buffer.from(clean, "base64").toString("utf8");
    }
    case "timestamp": {
      if (/^[0-9]{4}-/.test(text)) return text;
      break;
    }
  }
  const s = resolvePlain(text);
  const wanted2 = tag === "int" ? ["int", "bigint"] : tag === "float" ? ["float", "int", "bigint"] : tag === "bool" ? ["bool"] : tag === "null" ? ["null"] : [];
  if (!wanted2.includes(s.type)) throw new ConversionError(`cannot decode \`${text}\` as a !!${tag}`);
  return jsonValue(s, text);
}

// src/input/yaml/documents.ts
var DEFAULT_LIMITS = {
  maxFileBytes: 64 * 1024 * 1024,
  maxDocumentNodes: 5e6,
  maxDepth: 200
};
var MAX_READ_BYTES = 4 * DEFAULT_LIMITS.maxFileBytes;
var LimitError = class extends Error {
};
function splitDocuments(text, lineOffset = 0) {
  const out = [];
  let start = 0;
  let startLine = 0;
  let bytes = 0;
  let cut = -1;
  let endMarker;
  let line = 0;
  const push = (end, badSeparator) => {
    const slice = text.slice(start, cut >= 0 ? cut : end);
    if (bytes > 0 || badSeparator !== void 0) {
      out.push({
        text: slice,
        firstLine: startLine + lineOffset,
        bytes,
        ...endMarker !== void 0 ? { endMarker: endMarker + lineOffset } : {},
        ...badSeparator !== void 0 ? { badSeparator: badSeparator + lineOffset } : {}
      });
    }
  };
  for (let pos = 0; pos < text.length; line++) {
    let nl = text.indexOf("\n", pos);
    if (nl < 0) nl = text.length;
    const c = text.charCodeAt(pos);
    if (c === 45 && text.startsWith("---", pos)) {
      const rest = text.slice(pos + 3, nl).trim();
      const bad = rest !== "" && rest[0] !== "#";
      push(pos, bad ? line : void 0);
      start = nl + 1;
      startLine = line + 1;
      bytes = 0;
      cut = -1;
      endMarker = void 0;
    } else if (c === 46 && cut < 0 && text.startsWith("...", pos) && /^\.\.\.[ \t]*(#.*)?\r?$/.test(text.slice(pos, nl))) {
      cut = pos;
    } else if (cut < 0) {
      let i = pos;
      while (i < nl && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i++;
      if (i < nl && text.charCodeAt(i) !== 35) bytes += nl - pos + 1;
    } else if (endMarker === void 0 && /\S/.test(text.slice(pos, nl)) && !/^\s*#/.test(text.slice(pos, nl))) {
      endMarker = line;
    }
    pos = nl + 1;
  }
  push(text.length);
  return out;
}
var GO_TAG = "tag:reachdiff,2024:resolved";
var MERGE_PREFIX = "\0<<";
var lastScalar = { type: "null", value: null };
var lastText = "";
var MERGE = { type: "string", value: "<<" };
var resolvedCache = /* @__PURE__ */ new Map();
var HINTED = new Uint8Array(128);
for (const ch of "+-0123456789yYnNtTfFoO~.") HINTED[ch.charCodeAt(0)] = 1;
var goScalar = new Type(GO_TAG, {
  kind: "scalar",
  resolve(data) {
    const c = data.charCodeAt(0);
    if (c === 60 && data === "<<") {
      lastScalar = MERGE;
      lastText = data;
      return true;
    }
    if (c >= 128 || HINTED[c] === 0) return false;
    let s = resolvedCache.get(data);
    if (s === void 0) {
      s = resolvePlain(data);
      if (resolvedCache.size > 5e4) resolvedCache.clear();
      resolvedCache.set(data, s);
    }
    if (s.type === "string") return false;
    lastScalar = s;
    lastText = data;
    return true;
  },
  construct: () => lastScalar.value
});
var standard = (name) => new Type(`tag:yaml.org,2002:${name}`, { kind: "scalar", resolve: () => true, construct: (data) => resolveTagged(name, data ?? "") });
var anyTag = (kind) => new Type("", { kind, multi: true, resolve: () => true, construct: (data) => kind === "scalar" ? data ?? "" : data });
var SCHEMA = new Schema({
  implicit: [goScalar],
  explicit: [
    new Type("tag:yaml.org,2002:str", { kind: "scalar", construct: (data) => data ?? "" }),
    new Type("tag:yaml.org,2002:seq", { kind: "sequence", construct: (data) => data ?? [] }),
    new Type("tag:yaml.org,2002:map", { kind: "mapping", construct: (data) => data ?? {} }),
    ...["int", "float", "bool", "null", "binary", "timestamp"].map(standard),
    anyTag("scalar"),
    anyTag("sequence"),
    anyTag("mapping")
  ]
});
var Listener = class {
  constructor(text, limits) {
    this.text = text;
    this.limits = limits;
  }
  text;
  limits;
  offsets = /* @__PURE__ */ new Map();
  mergeKeys = 0;
  nodes = 0;
  openAt = [];
  nodesAt = [];
  deepestAt = [];
  deepest = 0;
  /** Nodes and height of anchored collections, for the aliases that repeat them. */
  anchored = /* @__PURE__ */ new Map();
  listen = (event, jsState) => {
    const state = jsState;
    if (event === "open") {
      this.openAt.push(state.position);
      this.nodesAt.push(this.nodes);
      this.deepestAt.push(this.deepest);
      this.deepest = this.openAt.length;
      return;
    }
    const depth = this.openAt.length;
    const start = this.openAt.pop();
    const nodesBefore = this.nodesAt.pop();
    const deepestBefore = this.deepestAt.pop();
    let deepest = this.deepest;
    const result = state.result;
    const kind = state.kind;
    this.nodes++;
    if (kind === "mapping" || kind === "sequence") {
      this.offsets.set(result, start);
      if (state.anchor !== null) {
        this.anchored.set(result, { nodes: this.nodes - nodesBefore, height: deepest - depth });
      }
      if (this.isKey(state, true)) throw new ConversionError("a mapping or sequence is used as a mapping key, which kubectl cannot convert to JSON", state.line);
    } else if (kind === null && typeof result === "object" && result !== null) {
      const target = this.anchored.get(result);
      if (!target) throw new LimitError("an alias refers to the collection that holds it");
      this.nodes += target.nodes;
      if (depth + target.height > deepest) deepest = depth + target.height;
    } else if (state.tag === GO_TAG) {
      try {
        if (this.isKey(state, false)) {
          state.result = lastScalar === MERGE ? `${MERGE_PREFIX}${this.mergeKeys++}` : keyText(lastScalar);
        } else {
          jsonValue(lastScalar, lastText);
        }
      } catch (e) {
        if (e instanceof ConversionError) e.line ??= state.line;
        throw e;
      }
    }
    if (this.nodes > this.limits.maxDocumentNodes) {
      throw new LimitError(`document expands to more than ${this.limits.maxDocumentNodes.toLocaleString("en-US")} nodes (an alias bomb?)`);
    }
    if (deepest > this.limits.maxDepth + 1) throw new LimitError(`document nests deeper than ${this.limits.maxDepth} levels`);
    this.deepest = deepest > deepestBefore ? deepest : deepestBefore;
  };
  /** True when the node just read is an implicit key: a `:` follows it on its line. */
  isKey(state, collection) {
    const text = this.text;
    let i = state.position;
    if (collection) {
      const before = text.charCodeAt(i - 1);
      if (before !== 93 && before !== 125) return false;
    }
    let c = text.charCodeAt(i);
    while (c === 32 || c === 9) c = text.charCodeAt(++i);
    return c === 58;
  }
};
function applyMerges(root, offsets) {
  const done = /* @__PURE__ */ new Map();
  const fix = (node) => {
    if (typeof node !== "object" || node === null) return node;
    const seen = done.get(node);
    if (seen !== void 0) return seen;
    if (Array.isArray(node)) {
      done.set(node, node);
      for (let i = 0; i < node.length; i++) node[i] = fix(node[i]);
      return node;
    }
    const obj2 = node;
    const keys = Object.keys(obj2);
    if (!keys.some((k) => k.startsWith(MERGE_PREFIX))) {
      done.set(node, node);
      for (const k of keys) obj2[k] = fix(obj2[k]);
      return node;
    }
    const out = {};
    done.set(node, out);
    const offset = offsets.get(node);
    if (offset !== void 0) offsets.set(out, offset);
    const set2 = (k, v) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    for (const k of keys) {
      const v = fix(obj2[k]);
      if (!k.startsWith(MERGE_PREFIX)) {
        set2(k, v);
        continue;
      }
      const sources = Array.isArray(v) ? [...v].reverse() : [v];
      for (const m of sources) {
        if (typeof m !== "object" || m === null || Array.isArray(m)) {
          throw new ConversionError("a merge key (<<) needs a mapping or a list of mappings");
        }
        for (const [mk, mv] of Object.entries(m)) set2(mk, mv);
      }
    }
    return out;
  };
  return fix(root);
}
var LineIndex = class {
  constructor(text) {
    this.text = text;
  }
  text;
  starts;
  /** 0-based line of an offset. */
  line(offset) {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** The offset of the first character at or after `offset` that is not blank space or a comment. */
  content(offset) {
    const text = this.text;
    let i = offset;
    for (; ; ) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 35) {
        const nl = text.indexOf("\n", i);
        if (nl < 0) return text.length;
        i = nl;
      } else return Math.min(i, text.length);
    }
  }
};
function parseYaml(doc, limits) {
  const text = doc.text.charCodeAt(0) === 65279 ? doc.text.slice(1) : doc.text;
  const lines = new LineIndex(text);
  const docLine = doc.firstLine + lines.line(lines.content(0)) + 1;
  const attempt = (json2) => {
    const listener = new Listener(text, limits);
    const value = load(text, { schema: SCHEMA, json: json2, listener: listener.listen, maxDepth: limits.maxDepth + 1 });
    return { value: listener.mergeKeys > 0 ? applyMerges(value, listener.offsets) : value, offsets: listener.offsets };
  };
  let duplicate;
  try {
    let parsed2;
    try {
      parsed2 = attempt(false);
    } catch (e) {
      if (!isYamlError(e) || e.reason !== "duplicated mapping key") throw e;
      duplicate = doc.firstLine + e.mark.line + 1;
      parsed2 = attempt(true);
    }
    const { value, offsets } = parsed2;
    const lineOf = (node) => {
      const offset = typeof node === "object" && node !== null ? offsets.get(node) : void 0;
      return offset === void 0 ? docLine : doc.firstLine + lines.line(lines.content(offset)) + 1;
    };
    return { value, lineOf, line: docLine, ...duplicate !== void 0 ? { duplicate } : {} };
  } catch (e) {
    if (e instanceof LimitError) return { error: e.message, line: docLine, code: Codes.limit };
    if (e instanceof ConversionError) return { error: e.message, line: e.line === void 0 ? docLine : doc.firstLine + e.line + 1, code: Codes.syntax };
    if (e instanceof RangeError) return { error: "document is too deeply nested to read", line: docLine, code: Codes.limit };
    if (isYamlError(e)) {
      if (e.reason.startsWith("nesting exceeded maxDepth")) return { error: `document nests deeper than ${limits.maxDepth} levels`, line: docLine, code: Codes.limit };
      return syntaxError(text, doc.firstLine) ?? { error: `YAML syntax: ${e.reason}`, line: doc.firstLine + e.mark.line + 1, code: Codes.syntax };
    }
    throw e;
  }
}
function syntaxError(text, firstLine) {
  try {
    const lineCounter = new import_yaml.LineCounter();
    const error = (0, import_yaml.parseDocument)(text, { lineCounter, version: "1.1", uniqueKeys: false }).errors[0];
    if (!error) return void 0;
    const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    const lastLine = text.replace(/\s+$/, "").split("\n").length;
    return { error: `YAML syntax: ${message}`, line: firstLine + Math.min(lineCounter.linePos(error.pos[0]).line, lastLine), code: Codes.syntax };
  } catch {
    return void 0;
  }
}
function isYamlError(e) {
  return e instanceof Error && e.name === "YAMLException";
}
var JSON_START = /^[\t\n\v\f\r \u0085\u00a0]*\{/;
function jsonValueEnd(text, start) {
  const c = text.charCodeAt(start);
  if (c !== 123 && c !== 91) return -1;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92) i++;
        else if (s === 34) break;
      }
    } else if (ch === 123 || ch === 91) depth++;
    else if (ch === 125 || ch === 93) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}
function jsonLines(text, start, end, value, firstLine, limits) {
  const lines = /* @__PURE__ */ new Map();
  const stack = [];
  let line = firstLine;
  let budget = limits.maxDocumentNodes;
  let duplicate;
  const child = () => {
    const top = stack[stack.length - 1];
    if (!top) return value;
    return Array.isArray(top.node) ? top.node[top.index] : top.node[top.key];
  };
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c === 34) {
      let j = i + 1;
      for (; j < end; j++) {
        const ch = text.charCodeAt(j);
        if (ch === 92) j++;
        else if (ch === 34) break;
      }
      const top = stack[stack.length - 1];
      if (top && top.expectKey) {
        const key2 = JSON.parse(text.slice(i, j + 1));
        if (top.keys.has(key2)) duplicate ??= line + 1;
        top.keys.add(key2);
        top.key = key2;
        top.expectKey = false;
      } else if (--budget < 0) {
        throw new LimitError(`document expands to more than ${limits.maxDocumentNodes.toLocaleString("en-US")} nodes`);
      }
      i = j;
    } else if (c === 123 || c === 91) {
      if (--budget < 0) throw new LimitError(`document expands to more than ${limits.maxDocumentNodes.toLocaleString("en-US")} nodes`);
      if (stack.length >= limits.maxDepth) throw new LimitError(`document nests deeper than ${limits.maxDepth} levels`);
      const found = child();
      const node = typeof found === "object" && found !== null ? found : c === 123 ? {} : [];
      lines.set(node, line);
      stack.push({ node, keys: c === 123 ? /* @__PURE__ */ new Set() : void 0, index: 0, key: "", expectKey: c === 123 });
    } else if (c === 125 || c === 93) {
      stack.pop();
    } else if (c === 44) {
      const top = stack[stack.length - 1];
      if (Array.isArray(top.node)) top.index++;
      else top.expectKey = true;
    }
  }
  return duplicate === void 0 ? { lines } : { lines, duplicate };
}
function parseJsonStream(text, limits) {
  const outcomes = [];
  let pos = 0;
  let line = 0;
  const skip = () => {
    while (pos < text.length && /[\t\n\v\f\r \u0085\u00a0]/.test(text[pos])) {
      if (text.charCodeAt(pos) === 10) line++;
      pos++;
    }
  };
  for (; ; ) {
    const before = pos;
    const lineBefore = line;
    skip();
    if (pos >= text.length) return { outcomes };
    const end = jsonValueEnd(text, pos);
    let value;
    let ok = end > 0;
    if (ok) {
      try {
        value = JSON.parse(text.slice(pos, end));
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      if (outcomes.length > 1) {
        outcomes.push({ error: "JSON syntax: a value of this JSON stream does not parse", line: line + 1, code: Codes.syntax, bytes: 0 });
        return { outcomes };
      }
      pos = before;
      line = lineBefore;
      while (pos < text.length && /[\t\v\f\r \u0085\u00a0]/.test(text[pos])) pos++;
      if (text.charCodeAt(pos) === 10) {
        pos++;
        line++;
      }
      return { outcomes, yamlFrom: pos, yamlLine: line };
    }
    const docLine = line;
    try {
      const { lines, duplicate } = jsonLines(text, pos, end, value, docLine, limits);
      const lineOf = (node) => {
        const l = typeof node === "object" && node !== null ? lines.get(node) : void 0;
        return (l ?? docLine) + 1;
      };
      outcomes.push({ value, lineOf, line: docLine + 1, bytes: end - pos, ...duplicate !== void 0 ? { duplicate } : {} });
    } catch (e) {
      if (!(e instanceof LimitError)) throw e;
      outcomes.push({ error: e.message, line: docLine + 1, code: Codes.limit, bytes: end - pos });
    }
    for (let i = pos; i < end; i++) if (text.charCodeAt(i) === 10) line++;
    pos = end;
  }
}
function parseDocuments(text, file, limits = DEFAULT_LIMITS) {
  const documents = [];
  const diagnostics2 = [];
  const at = (line) => ({ file, line });
  let body = text.charCodeAt(0) === 65279 ? text.slice(1) : text;
  let bytes = 0;
  const tooLarge = (line) => diagnostics2.push(
    diagnostic("error", Codes.limit, at(line), `the file holds more than ${limits.maxFileBytes} bytes of YAML or JSON to parse (blank and comment lines not counted); the rest of the file from here is skipped`)
  );
  const take = (r) => {
    if ("error" in r) {
      diagnostics2.push(diagnostic("error", r.code, at(r.line), `${r.error}; document skipped`));
      return;
    }
    if (r.duplicate !== void 0) {
      diagnostics2.push(diagnostic("warning", Codes.duplicate, at(r.duplicate), "a mapping repeats a key; the later value is used, as kubectl uses it"));
    }
    if (r.value === null || r.value === void 0) return;
    documents.push({ value: r.value, line: r.line, lineOf: r.lineOf });
  };
  let lineOffset = 0;
  if (JSON_START.test(body)) {
    const stream = parseJsonStream(body, limits);
    for (const r of stream.outcomes) {
      bytes += r.bytes;
      if (bytes > limits.maxFileBytes) {
        tooLarge(r.line);
        return { documents, diagnostics: diagnostics2 };
      }
      take(r);
    }
    if (stream.yamlFrom === void 0) return { documents, diagnostics: diagnostics2 };
    body = body.slice(stream.yamlFrom);
    lineOffset = stream.yamlLine;
  }
  if (body.indexOf("\r\n") >= 0) body = body.replace(/\r\n/g, "\n");
  for (const doc of splitDocuments(body, lineOffset)) {
    if (doc.badSeparator !== void 0) {
      diagnostics2.push(diagnostic("error", Codes.syntax, at(doc.badSeparator + 1), "a line starting with --- must be a document separator, followed by nothing but a comment; the document before it is skipped, as kubectl refuses it"));
      continue;
    }
    bytes += doc.bytes;
    if (bytes > limits.maxFileBytes) {
      tooLarge(doc.firstLine + 1);
      break;
    }
    take(parseYaml(doc, limits));
    if (doc.endMarker !== void 0) {
      diagnostics2.push(diagnostic("warning", Codes.syntax, at(doc.endMarker + 1), "text after the document end marker `...` is not read, as kubectl does not read it; start a new document with ---"));
    }
  }
  return { documents, diagnostics: diagnostics2 };
}

// src/model/ipranges.ts
var MAX_IPV4 = 4294967295;
var ALL_IPV4 = Object.freeze([0, MAX_IPV4]);
function parseIPv4(text) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return void 0;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i];
    if (part.length > 1 && part.startsWith("0")) return void 0;
    const octet = Number(part);
    if (octet > 255) return void 0;
    value = value * 256 + octet;
  }
  return value;
}
function parseCidr(text) {
  const t = text.trim();
  const slash = t.indexOf("/");
  if (slash < 0) return { kind: "invalid", reason: `"${text}" is not a CIDR (expected address/prefix, for example 10.0.0.0/8)` };
  const address = t.slice(0, slash);
  const prefixText = t.slice(slash + 1);
  if (address.includes(":")) {
    return /^[0-9a-fA-F:.]+$/.test(address) && /^\d{1,3}$/.test(prefixText) && Number(prefixText) <= 128 ? { kind: "ipv6" } : { kind: "invalid", reason: `"${text}" is not a valid IPv6 CIDR` };
  }
  const ip = parseIPv4(address);
  if (ip === void 0) return { kind: "invalid", reason: `"${text}" is not a CIDR: "${address}" is not an IPv4 address` };
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
    return { kind: "invalid", reason: `"${text}" is not a CIDR: the prefix length must be 0 to 32` };
  }
  const prefix = Number(prefixText);
  const blockSize = 2 ** (32 - prefix);
  const first = Math.floor(ip / blockSize) * blockSize;
  return { kind: "ipv4", first, last: first + blockSize - 1, hostBitsSet: first !== ip };
}
function formatIPv4(value) {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}
function formatExternal(range) {
  return `${formatIPv4(range.first)}-${formatIPv4(range.last)}[External]`;
}
function cutAddressSpace(sets) {
  const cuts = /* @__PURE__ */ new Set([0, MAX_IPV4 + 1]);
  for (const set2 of sets) {
    for (let i = 0; i < set2.length; i += 2) {
      cuts.add(set2[i]);
      cuts.add(set2[i + 1] + 1);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const ranges = [];
  for (let i = 0; i + 1 < sorted.length; i++) ranges.push({ first: sorted[i], last: sorted[i + 1] - 1 });
  return ranges;
}
function findRange(ranges, address) {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if (ranges[mid].first <= address) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
var PRIVATE_RANGES = fromIntervals(
  ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((c) => {
    const p = parseCidr(c);
    return p.kind === "ipv4" ? [p.first, p.last] : [1, 0];
  })
);

// src/model/objects.ts
var InvalidObject = class extends Error {
  constructor(message, line) {
    super(message);
    this.line = line;
  }
  line;
};
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function field(obj2, ...path) {
  let cur = obj2;
  for (const key2 of path) {
    if (!isRecord(cur)) return void 0;
    cur = cur[key2];
  }
  return cur;
}
function optionalString(obj2, ...path) {
  const v = field(obj2, ...path);
  if (v === void 0 || v === null) return void 0;
  if (typeof v !== "string") throw new InvalidObject(`${path.join(".")} must be a string`);
  return v;
}
function optionalList(obj2, ...path) {
  const v = field(obj2, ...path);
  if (v === void 0 || v === null) return void 0;
  if (!Array.isArray(v)) throw new InvalidObject(`${path.join(".")} must be a list`);
  return v;
}
function readLabels(raw, what) {
  if (raw === void 0 || raw === null) return {};
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping of label keys to values`);
  const out = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") {
      throw new InvalidObject(`${what}: the value of "${k}" must be a string (quote it: "${String(v)}")`);
    }
    out[k] = v;
  }
  return out;
}
function readProtocol(raw, what) {
  if (raw === void 0 || raw === null) return "TCP";
  if (!isProtocol(raw)) throw new InvalidObject(`${what}: protocol "${String(raw)}" is not TCP, UDP or SCTP`);
  return raw;
}
function isPortNumber(value) {
  return typeof value === "number" && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}
function isPortName(value) {
  return typeof value === "string" && value.length >= 1 && value.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value) && /[a-z]/.test(value) && !value.includes("--");
}

// src/model/selectors.ts
function keyPart(text) {
  return /[\s,;()"]/.test(text) ? JSON.stringify(text) : text;
}
var interned = /* @__PURE__ */ new Map();
var INTERNED_MAX = 5e4;
function makeSelector(requirements) {
  const sorted = requirements.map((r) => r.values.length < 2 ? r : { ...r, values: [...new Set(r.values)].sort() });
  if (sorted.length > 1) {
    sorted.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : a.operator < b.operator ? -1 : a.operator > b.operator ? 1 : 0);
  }
  let key2 = "";
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    key2 += `${i > 0 ? ";" : ""}${keyPart(r.key)} ${r.operator} (${r.values.length === 1 ? keyPart(r.values[0]) : r.values.map(keyPart).join(",")})`;
  }
  let selector3 = interned.get(key2);
  if (!selector3) {
    if (interned.size >= INTERNED_MAX) interned.clear();
    selector3 = { requirements: sorted, key: key2 };
    interned.set(key2, selector3);
  }
  return selector3;
}
var MATCH_ALL = makeSelector([]);
function selectorFromLabels(labels) {
  return makeSelector(Object.entries(labels).map(([key2, value]) => ({ key: key2, operator: "In", values: [value] })));
}
function matches(selector3, labels, context) {
  for (const r of selector3.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case "In":
        if (!has || !r.values.includes(labels[r.key])) return false;
        break;
      case "NotIn":
        if (has && r.values.includes(labels[r.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return selector3.test === void 0 || selector3.test(labels, context ?? { namespace: "", namespaceLabels: {} });
}
function isMatchAll(selector3) {
  return selector3.requirements.length === 0 && selector3.test === void 0;
}
function selectorWithTest(key2, requirements, test) {
  return { requirements, key: key2, test };
}
var OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"];
function isRecord2(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function internedSingleLabel(raw) {
  let only;
  let fields = 0;
  for (const f in raw) {
    if (++fields > 1 || f !== "matchLabels") return void 0;
    only = raw[f];
  }
  if (!isRecord2(only)) return void 0;
  let key2;
  for (const k in only) {
    const v = only[k];
    if (key2 !== void 0 || typeof v !== "string") return void 0;
    key2 = `${keyPart(k)} In (${keyPart(v)})`;
  }
  return key2 === void 0 ? void 0 : interned.get(key2);
}
function parseSelector(raw) {
  if (raw === null || raw === void 0) return MATCH_ALL;
  if (!isRecord2(raw)) return { error: "a label selector must be a mapping with matchLabels and/or matchExpressions" };
  const known = internedSingleLabel(raw);
  if (known) return known;
  const requirements = [];
  for (const field2 of Object.keys(raw)) {
    if (field2 !== "matchLabels" && field2 !== "matchExpressions") {
      return { error: `unknown label selector field "${field2}" (expected matchLabels or matchExpressions)` };
    }
  }
  const matchLabels = raw["matchLabels"];
  if (matchLabels !== null && matchLabels !== void 0) {
    if (!isRecord2(matchLabels)) return { error: "matchLabels must be a mapping of label keys to values" };
    for (const [key2, value] of Object.entries(matchLabels)) {
      if (typeof value !== "string") {
        return { error: `matchLabels value of "${key2}" must be a string (quote it: "${String(value)}")` };
      }
      requirements.push({ key: key2, operator: "In", values: [value] });
    }
  }
  const expressions = raw["matchExpressions"];
  if (expressions !== null && expressions !== void 0) {
    if (!Array.isArray(expressions)) return { error: "matchExpressions must be a list" };
    for (const [i, e] of expressions.entries()) {
      if (!isRecord2(e)) return { error: `matchExpressions[${i}] must be a mapping with key, operator and values` };
      const key2 = e["key"];
      const operator = e["operator"];
      const values = e["values"] ?? [];
      if (typeof key2 !== "string" || key2 === "") return { error: `matchExpressions[${i}] needs a key` };
      if (typeof operator !== "string" || !OPERATORS.includes(operator)) {
        return { error: `matchExpressions[${i}]: operator "${String(operator)}" is not one of In, NotIn, Exists, DoesNotExist` };
      }
      if (!Array.isArray(values) || values.some((v) => typeof v !== "string")) {
        return { error: `matchExpressions[${i}]: values must be a list of strings` };
      }
      const op = operator;
      if ((op === "In" || op === "NotIn") && values.length === 0) {
        return { error: `matchExpressions[${i}]: operator ${op} needs at least one value` };
      }
      if ((op === "Exists" || op === "DoesNotExist") && values.length > 0) {
        return { error: `matchExpressions[${i}]: operator ${op} takes no values` };
      }
      requirements.push({ key: key2, operator: op, values });
    }
  }
  return makeSelector(requirements);
}
function formatSelector(selector3) {
  if (selector3.requirements.length === 0) return "{}";
  return selector3.requirements.map((r) => {
    switch (r.operator) {
      case "In":
        return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(",")})`;
      case "NotIn":
        return `${r.key} notin (${r.values.join(",")})`;
      case "Exists":
        return r.key;
      case "DoesNotExist":
        return `!${r.key}`;
    }
  }).join(",");
}
var WRITTEN_MATCH_ALL = { matchLabels: {}, matchExpressions: [] };
function writtenSelector(raw) {
  if (!isRecord2(raw)) return WRITTEN_MATCH_ALL;
  const labels = isRecord2(raw["matchLabels"]) ? raw["matchLabels"] : {};
  const expressions = Array.isArray(raw["matchExpressions"]) ? raw["matchExpressions"] : [];
  return {
    matchLabels: { ...labels },
    matchExpressions: expressions.filter(isRecord2).map((e) => ({ key: String(e["key"]), operator: e["operator"], values: Array.isArray(e["values"]) ? e["values"] : [] }))
  };
}
function writtenIsEmpty(w) {
  return Object.keys(w.matchLabels).length === 0 && w.matchExpressions.length === 0;
}
function writtenOf(selector3) {
  const matchLabels = {};
  const matchExpressions = [];
  for (const r of selector3.requirements) {
    if (r.operator === "In" && r.values.length === 1 && !(r.key in matchLabels)) matchLabels[r.key] = r.values[0];
    else matchExpressions.push(r);
  }
  return { matchLabels, matchExpressions };
}

// src/check/config.ts
var DEFAULT_CONFIG_PATH = ".github/reachdiff.yml";
var FAIL_ON = ["violations", "new-violations", "never"];
var ConfigError = class extends Error {
  constructor(file, line, message) {
    super(`${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
  file;
  line;
};
var KINDS = ["never", "always", "only", "isolated"];
var SELECTOR_FIELDS = ["namespace", "namespaceLabels", "workload", "kind", "labels", "cidr", "anyNamespace"];
var INTERNET = "internet";
function inline(value) {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (isRecord(value)) return `{${Object.entries(value).map(([k, v]) => `${k}: ${inline(v)}`).join(", ")}}`;
  if (typeof value === "string") return /^[\w./*?-]+$/.test(value) && value !== "" ? value : JSON.stringify(value);
  return String(value);
}
var Reader = class {
  constructor(file, doc) {
    this.file = file;
    this.doc = doc;
  }
  file;
  doc;
  fail(node, message, fallbackLine) {
    const line = typeof node === "object" && node !== null ? this.doc.lineOf(node) : fallbackLine ?? this.doc.line;
    throw new ConfigError(this.file, line, message);
  }
  record(node, what, line, allowed) {
    if (!isRecord(node)) this.fail(node, `${what} must be a mapping`, line);
    for (const k of Object.keys(node)) {
      if (!allowed.includes(k)) this.fail(node, `${what}: unknown key "${k}" (expected ${allowed.join(", ")})`);
    }
    return node;
  }
  labelSelector(node, what, line) {
    if (!isRecord(node)) this.fail(node, `${what} must be a mapping of labels, or a selector with matchLabels/matchExpressions`, line);
    const full = Object.keys(node).length > 0 && Object.keys(node).every((k) => k === "matchLabels" || k === "matchExpressions");
    if (!full) {
      for (const [k, v] of Object.entries(node)) if (typeof v !== "string") this.fail(node, `${what}: the value of "${k}" must be a string`);
      return selectorFromLabels(node);
    }
    const s = parseSelector(node);
    if ("error" in s) this.fail(node, `${what}: ${s.error}`);
    return s;
  }
  endpoint(node, what, line) {
    if (node === INTERNET) return { text: INTERNET, line, internet: true, cidr: { text: "0.0.0.0/0", addresses: interval(0, 4294967295) } };
    if (typeof node === "string") this.fail(null, `${what}: "${node}" is not an endpoint selector (a mapping, or internet)`, line);
    const r = this.record(node, what, line, SELECTOR_FIELDS);
    const at = this.doc.lineOf(r);
    const str4 = (k) => {
      const v = r[k];
      if (v === void 0) return void 0;
      if (typeof v !== "string" || v === "") this.fail(r, `${what}.${k} must be a non-empty string`);
      return v;
    };
    const namespace = str4("namespace");
    const workload = str4("workload");
    const kind = str4("kind");
    const cidrText = str4("cidr");
    if (workload !== void 0 && !workload.includes("/")) this.fail(r, `${what}.workload must be namespace/name (globs allowed), not "${workload}"`);
    const anyNamespace = r["anyNamespace"];
    if (anyNamespace !== void 0 && anyNamespace !== true) this.fail(r, `${what}.anyNamespace must be true (any pod of any namespace, present or future)`);
    if (anyNamespace === true && (namespace !== void 0 || workload !== void 0 || kind !== void 0 || cidrText !== void 0)) {
      this.fail(r, `${what}: anyNamespace picks pods present or future, by labels (labels, namespaceLabels); namespace, workload, kind and cidr do not go with it`);
    }
    let cidr;
    if (cidrText !== void 0) {
      if (Object.keys(r).length > 1) this.fail(r, `${what}: cidr selects external addresses and cannot be combined with workload fields`);
      const parsed2 = parseCidr(cidrText);
      if (parsed2.kind !== "ipv4") this.fail(r, `${what}.cidr: ${parsed2.kind === "invalid" ? parsed2.reason : "IPv6 is not supported"}`);
      cidr = { text: cidrText, addresses: interval(parsed2.first, parsed2.last) };
    }
    return {
      text: inline(r),
      line: at,
      ...namespace !== void 0 ? { namespace } : {},
      ...r["namespaceLabels"] !== void 0 ? { namespaceLabels: this.labelSelector(r["namespaceLabels"], `${what}.namespaceLabels`, at) } : {},
      ...workload !== void 0 ? { workload } : {},
      ...kind !== void 0 ? { kind } : {},
      ...r["labels"] !== void 0 ? { labels: this.labelSelector(r["labels"], `${what}.labels`, at) } : {},
      ...cidr ? { cidr } : {},
      ...anyNamespace === true ? { anyNamespace: true } : {}
    };
  }
  endpoints(node, what, line) {
    if (node === void 0) this.fail(null, `${what} is required`, line);
    if (Array.isArray(node)) {
      if (node.length === 0) this.fail(node, `${what} must not be empty`);
      return node.map((n, i) => this.endpoint(n, `${what}[${i}]`, this.doc.lineOf(node)));
    }
    return [this.endpoint(node, what, line)];
  }
  ports(node, what, line) {
    if (node === void 0) return ConnectionSet.ALL;
    const items = Array.isArray(node) ? node : [node];
    let set2 = ConnectionSet.NONE;
    for (const item of items) {
      if (typeof item !== "string") this.fail(node, `${what}: each port is a string such as TCP/5432, UDP/53, TCP/8000-8080 or SCTP`, line);
      const p = parsePortSpec(item);
      if (typeof p === "string") this.fail(node, `${what}: ${p}`, line);
      set2 = set2.union(p);
    }
    return set2;
  }
  invariant(node, index, seen) {
    const what = `invariants[${index}]`;
    const r = this.record(node, what, this.doc.line, ["name", "targets", ...KINDS]);
    const line = this.doc.lineOf(r);
    const name = r["name"];
    if (typeof name !== "string" || name.trim() === "") this.fail(r, `${what} needs a name`);
    if (seen.has(name)) this.fail(r, `${what}: the name "${name}" is used twice`);
    seen.add(name);
    const kinds = KINDS.filter((k) => r[k] !== void 0);
    if (kinds.length !== 1) this.fail(r, `${what} (${name}) must have exactly one of ${KINDS.join(", ")}`);
    const kind = kinds[0];
    let targets;
    if (r["targets"] !== void 0) {
      const t = r["targets"];
      if (!Array.isArray(t) || t.length === 0 || t.some((x) => typeof x !== "string")) this.fail(r, `${what}.targets must be a list of target names`);
      targets = t;
    }
    const base = { name, line, ...targets ? { targets } : {} };
    const body = r[kind];
    const w = `${what}.${kind}`;
    if (kind === "isolated") {
      const b2 = this.record(body, w, line, ["workloads", "direction"]);
      const direction = b2["direction"] ?? "both";
      if (direction !== "ingress" && direction !== "egress" && direction !== "both") this.fail(b2, `${w}.direction must be ingress, egress or both`);
      const workloads = this.endpoints(b2["workloads"], `${w}.workloads`, this.doc.lineOf(b2));
      if (workloads.some((e) => e.cidr)) this.fail(b2, `${w}.workloads: isolation is about workloads; cidr cannot be used here`);
      return { ...base, kind, workloads, direction };
    }
    const b = this.record(body, w, line, ["from", "to", "ports"]);
    const bl = this.doc.lineOf(b);
    const ports2 = this.ports(b["ports"], `${w}.ports`, bl);
    if (ports2.isEmpty()) this.fail(b, `${w}.ports selects no port`);
    if (kind === "only") {
      const toIsList = Array.isArray(b["to"]);
      const fromIsList = Array.isArray(b["from"]);
      if (toIsList && fromIsList) this.fail(b, `${w}: one of from/to is the protected endpoints (a mapping), the other the allowed list`);
      const side = toIsList && !fromIsList ? "from" : "to";
      const subject = this.endpoints(b[side], `${w}.${side}`, bl);
      const allowed = this.endpoints(b[side === "to" ? "from" : "to"], `${w}.${side === "to" ? "from" : "to"}`, bl);
      return { ...base, kind, side, subject, allowed, ports: ports2 };
    }
    return { ...base, kind, from: this.endpoints(b["from"], `${w}.from`, bl), to: this.endpoints(b["to"], `${w}.to`, bl), ports: ports2 };
  }
  target(node, index, seen) {
    const what = `targets[${index}]`;
    const r = this.record(node, what, this.doc.line, ["name", "render", "paths"]);
    const line = this.doc.lineOf(r);
    const name = r["name"];
    if (typeof name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) this.fail(r, `${what}.name must be a name of letters, digits, ".", "_" and "-"`);
    if (seen.has(name)) this.fail(r, `${what}: the target "${name}" is defined twice`);
    seen.add(name);
    const render2 = r["render"];
    const paths = r["paths"];
    if (render2 === void 0 === (paths === void 0)) this.fail(r, `${what} (${name}) needs exactly one of render (a command) or paths (globs)`);
    if (render2 !== void 0) {
      if (typeof render2 !== "string" || render2.trim() === "") this.fail(r, `${what}.render must be a command`);
      return { name, line, kind: "render", command: render2 };
    }
    if (!Array.isArray(paths) || paths.length === 0 || paths.some((p) => typeof p !== "string" || p === "")) this.fail(r, `${what}.paths must be a list of globs`);
    return { name, line, kind: "paths", paths };
  }
  labels(node, what) {
    if (!isRecord(node)) this.fail(node, `${what} must be a mapping of label keys to values`);
    for (const [k, v] of Object.entries(node)) if (typeof v !== "string") this.fail(node, `${what}: the value of "${k}" must be a string`);
    return node;
  }
  ingressController(node) {
    const r = this.record(node, "ingress-controller", this.doc.line, ["namespace", "labels", "namespaceLabels"]);
    const namespace = r["namespace"];
    if (typeof namespace !== "string" || namespace === "") this.fail(r, "ingress-controller.namespace must be the name of the namespace the controller runs in");
    return {
      namespace,
      labels: r["labels"] === void 0 ? {} : this.labels(r["labels"], "ingress-controller.labels"),
      ...r["namespaceLabels"] !== void 0 ? { namespaceLabels: this.labels(r["namespaceLabels"], "ingress-controller.namespaceLabels") } : {}
    };
  }
  ignore(node, index) {
    const what = `ignore[${index}]`;
    const r = this.record(node, what, this.doc.line, ["code", "object"]);
    const code = r["code"];
    if (typeof code !== "string" || !/^RD1\d\d$/.test(code)) this.fail(r, `${what}.code must be a warning code from RD101 to RD110, such as RD103`);
    const object = r["object"];
    if (object !== void 0 && (typeof object !== "string" || object === "")) this.fail(r, `${what}.object must be ns/name of a policy or workload`);
    return { code, line: this.doc.lineOf(r), ...typeof object === "string" ? { object } : {} };
  }
};
function parseConfig(text, file) {
  const parsed2 = parseDocuments(text, file);
  const error = parsed2.diagnostics.find((d) => d.severity === "error");
  if (error) throw new ConfigError(file, error.line, error.message.replace(/; document skipped$/, ""));
  if (parsed2.documents.length > 1) throw new ConfigError(file, parsed2.documents[1].line, "a config holds one YAML document");
  const doc = parsed2.documents[0];
  if (!doc) return { file, failOnUnread: true, invariants: [], ignore: [], targets: [] };
  const reader = new Reader(file, doc);
  const root = reader.record(doc.value, "the config", doc.line, ["invariants", "ignore", "targets", "fail-on-unread", "ingress-controller"]);
  const failOnUnread = root["fail-on-unread"] ?? true;
  if (typeof failOnUnread !== "boolean") return reader.fail(root["fail-on-unread"], "fail-on-unread must be true or false", doc.line);
  const list2 = (key2) => {
    const v = root[key2];
    if (v === void 0 || v === null) return [];
    if (Array.isArray(v)) return v;
    return reader.fail(v, `${key2} must be a list`, doc.line);
  };
  const targetNames = /* @__PURE__ */ new Set();
  const targets = list2("targets").map((n, i) => reader.target(n, i, targetNames));
  const seen = /* @__PURE__ */ new Set();
  const invariants = list2("invariants").map((n, i) => reader.invariant(n, i, seen));
  for (const inv of invariants) {
    for (const t of inv.targets ?? []) {
      if (!targetNames.has(t)) {
        throw new ConfigError(file, inv.line, `invariant "${inv.name}" names the target "${t}", which ${targets.length ? `is not one of ${[...targetNames].join(", ")}` : "is not defined (the config has no targets)"}`);
      }
    }
  }
  const ingressController = root["ingress-controller"] === void 0 || root["ingress-controller"] === null ? void 0 : reader.ingressController(root["ingress-controller"]);
  return { file, failOnUnread, invariants, ignore: list2("ignore").map((n, i) => reader.ignore(n, i)), targets, ...ingressController ? { ingressController } : {} };
}

// src/model/cluster.ts
var WORKLOAD_KINDS = [
  "Pod",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob"
];
var NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
var DEFAULT_SERVICE_ACCOUNT = "default";
function workloadId(namespace, name, kind) {
  return `${namespace}/${name}[${kind}]`;
}

// src/policy/kind.ts
function policyId(p) {
  return p.namespace !== void 0 ? `${p.namespace}/${p.name}` : p.name;
}
var MATCH_NO_CLASS = { kind: "set", classes: new Int32Array(0) };

// src/engine/rules.ts
function classMatchHas(m, cls, selectable) {
  if (m.kind === "all") return true;
  if (m.kind === "selectable") return selectable;
  const a = m.classes;
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = lo + hi >> 1;
    const v = a[mid];
    if (v === cls) return true;
    if (v < cls) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
function splitPorts(ports2) {
  let numeric = ConnectionSet.NONE;
  const named = [];
  for (const p of ports2) {
    if (p.kind === "all") numeric = numeric.union(ConnectionSet.ports(p.protocol));
    else if (p.kind === "numbers") numeric = numeric.union(ConnectionSet.ports(p.protocol, p.from, p.to));
    else named.push({ name: p.name, protocol: p.protocol });
  }
  return { numeric, named };
}
function resolveNamed(named, dst) {
  const parts = {};
  for (const n of named) {
    for (const cp of dst.ports) {
      if (cp.name === n.name && (n.protocol === void 0 || cp.protocol === n.protocol)) (parts[cp.protocol] ??= []).push([cp.port, cp.port]);
    }
  }
  return ConnectionSet.of({
    SCTP: fromIntervals(parts.SCTP ?? []),
    TCP: fromIntervals(parts.TCP ?? []),
    UDP: fromIntervals(parts.UDP ?? [])
  });
}
var portParts = /* @__PURE__ */ new WeakMap();
function partsOf(ports2) {
  let parts = portParts.get(ports2);
  if (!parts) {
    if ("include" in ports2) {
      const include = ports2.include === "all" ? { numeric: ConnectionSet.ALL, named: [] } : splitPorts(ports2.include);
      const exclude = splitPorts(ports2.exclude);
      parts = { numeric: include.numeric.subtract(exclude.numeric), named: include.named, excludedNumeric: exclude.numeric, excludedNamed: exclude.named };
    } else {
      const { numeric, named } = splitPorts(ports2);
      parts = { numeric, named, excludedNumeric: ConnectionSet.NONE, excludedNamed: [] };
    }
    portParts.set(ports2, parts);
  }
  return parts;
}
var ALL_PORTS2 = { numeric: ConnectionSet.ALL, named: [], excludedNumeric: ConnectionSet.NONE, excludedNamed: [] };
var PortMatcher = class {
  /** The port numbers matched, where no port names are involved (hasNamed false). */
  numeric;
  named;
  parts;
  resolved;
  constructor(ports2) {
    this.parts = ports2 === "all" ? ALL_PORTS2 : partsOf(ports2);
    this.numeric = this.parts.numeric;
    this.named = this.parts.named;
  }
  get hasNamed() {
    return this.parts.named.length > 0 || this.parts.excludedNamed.length > 0;
  }
  /** The connections on a destination with these container ports; externals have none. */
  on(dst) {
    if (!this.hasNamed) return this.numeric;
    this.resolved ??= /* @__PURE__ */ new Map();
    let r = this.resolved.get(dst.id);
    if (r === void 0) {
      const p = this.parts;
      r = p.named.length === 0 ? p.numeric : p.numeric.union(resolveNamed(p.named, dst).subtract(p.excludedNumeric));
      if (p.excludedNamed.length > 0) r = r.subtract(resolveNamed(p.excludedNamed, dst));
      this.resolved.set(dst.id, r);
    }
    return r;
  }
};
var OPEN_DIRECTION = { tiers: [], isolated: false, policies: [] };
function coversName(rule, token) {
  if (token.protocol !== void 0 && covers(rule.ports.numeric.get(token.protocol), interval(1, 65535))) return true;
  return rule.ports.named.some((n) => n.name === token.name && n.protocol === token.protocol);
}
function allowsName(policy, matches2, token) {
  for (const t of policy.tiers) {
    let passed = false;
    let decided = false;
    if (t.tier.combine === "first-match") {
      for (const rule of t.rules) {
        if (!matches2(rule) || !coversName(rule, token)) continue;
        if (rule.action === "allow") return true;
        if (rule.action === "deny") return false;
        passed = true;
        decided = true;
        break;
      }
    } else {
      let allowed = false;
      for (const rule of t.rules) {
        if (!matches2(rule) || !coversName(rule, token)) continue;
        if (rule.action === "deny") return false;
        allowed = true;
      }
      if (allowed) return true;
    }
    if (!decided && t.isolated && t.tier.endAction === "deny") return false;
    if (passed) continue;
  }
  return true;
}
function evaluate(policy, matches2, dst, decisions2) {
  let allowed = ConnectionSet.NONE;
  let undecided = ConnectionSet.ALL;
  for (const t of policy.tiers) {
    if (undecided.isEmpty()) break;
    let passed = ConnectionSet.NONE;
    if (t.tier.combine === "first-match") {
      for (const rule of t.rules) {
        if (undecided.isEmpty()) break;
        if (!matches2(rule)) continue;
        const p = rule.ports.on(dst).intersect(undecided);
        if (p.isEmpty()) continue;
        decisions2?.push({ rule, action: rule.action, ports: p });
        if (rule.action === "allow") allowed = allowed.union(p);
        else if (rule.action === "pass") passed = passed.union(p);
        undecided = undecided.subtract(p);
      }
    } else {
      let byAllow = ConnectionSet.NONE;
      for (const rule of t.rules) {
        if (!matches2(rule)) continue;
        const p = rule.ports.on(dst).intersect(undecided);
        if (p.isEmpty()) continue;
        decisions2?.push({ rule, action: rule.action, ports: p });
        if (rule.action === "deny") undecided = undecided.subtract(p);
        else byAllow = byAllow.union(p);
      }
      allowed = allowed.union(byAllow);
      undecided = undecided.subtract(byAllow);
    }
    if (t.isolated && t.tier.endAction === "deny") undecided = ConnectionSet.NONE;
    undecided = undecided.union(passed);
  }
  if (!undecided.isEmpty()) decisions2?.push({ action: "allow", ports: undecided });
  return allowed.union(undecided);
}

// src/engine/matrix.ts
var NO_VIA = [];
var NO_PORTS = { id: 0, ports: [] };
var Matrix = class {
  constructor(state) {
    this.state = state;
    this.workloads = state.workloads;
    this.controller = state.ingress?.controller ?? -1;
    this.ingressRanges = state.ingressRanges;
    this.egressRanges = state.egressRanges;
    this.diagnostics = state.diagnostics;
    this.workloads.forEach((w, i) => this.workloadIndex.set(w.id, i));
  }
  state;
  workloads;
  ingressRanges;
  egressRanges;
  diagnostics;
  workloadIndex = /* @__PURE__ */ new Map();
  sources;
  rowScratch;
  destinations;
  /** The ingress controller's workload index, -1 where there is none. */
  controller;
  /** The namespaces a selector matches: see EngineState.selectNamespaces. */
  selectNamespaces(selector3) {
    return this.state.selectNamespaces(selector3);
  }
  /** The workloads a selector names: see EngineState.selectWorkloads. */
  selectWorkloads(namespaces, pods) {
    return this.state.selectWorkloads(namespaces, pods);
  }
  /** Whether a selector names some workload: see EngineState.selectWorkloads. */
  selectsWorkloads(namespaces, pods) {
    return this.state.selectsWorkloads(namespaces, pods);
  }
  get cluster() {
    return this.state.cluster;
  }
  workloadEndpoint(idOrIndex) {
    const index = typeof idOrIndex === "number" ? idOrIndex : this.workloadIndex.get(idOrIndex);
    const workload = index === void 0 ? void 0 : this.workloads[index];
    return workload && index !== void 0 ? { kind: "workload", name: workload.id, index, workload } : void 0;
  }
  externalEndpoint(range) {
    return { kind: "external", name: formatExternal(range), range };
  }
  sorted(ranges, withController) {
    const eps = [...ranges.map((r) => this.externalEndpoint(r))];
    for (let i = 0; i < this.workloads.length; i++) if (withController || i !== this.controller) eps.push(this.workloadEndpoint(i));
    return eps.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  }
  /** Sources in output order: ingress external ranges, workloads, and the ingress controller (last). */
  sourceEndpoints() {
    return this.sources ??= this.sorted(this.ingressRanges, true);
  }
  /** Destinations in output order: egress external ranges and workloads (the ingress controller is never one). */
  destinationEndpoints() {
    return this.destinations ??= this.sorted(this.egressRanges, false);
  }
  /** The ingress controller's endpoint, where ingress objects route to some workload. */
  ingressController() {
    return this.controller < 0 ? void 0 : this.workloadEndpoint(this.controller);
  }
  /** Whether an endpoint is the ingress controller. */
  isIngressController(e) {
    return e.kind === "workload" && e.index === this.controller;
  }
  /** What ingress objects route to a workload (by index), if any. */
  ingressPath(index) {
    return this.state.ingress?.paths.get(index);
  }
  /** The connections from the ingress controller to a workload: what policies allow, on the ports ingress objects route to it. */
  fromController(v) {
    const path = this.state.ingress?.paths.get(v);
    if (!path) return ConnectionTable.NONE;
    const t = this.state.table;
    return t.meet(this.workloadPair(this.controller, v), t.intern(path.ports));
  }
  externalIngress(range, v) {
    const a = findRange(this.ingressRanges, range.first);
    let conn = ConnectionTable.NONE;
    for (const c of this.state.workloadClasses[v]) conn = this.state.table.join(conn, this.state.ingressGroup(c).external[a]);
    return conn;
  }
  externalEgress(w, range) {
    const b = findRange(this.egressRanges, range.first);
    let conn = ConnectionTable.NONE;
    for (const c of this.state.workloadClasses[w]) conn = this.state.table.join(conn, this.state.egressGroup(c).external[b]);
    return conn;
  }
  workloadPair(w, v) {
    if (w === v) return ConnectionTable.NONE;
    let conn = ConnectionTable.NONE;
    for (const c of this.state.workloadClasses[w]) {
      for (const d of this.state.workloadClasses[v]) conn = this.state.table.join(conn, this.state.pair(c, d));
    }
    return conn;
  }
  /**
   * The connections src may open to dst. An external endpoint may be any
   * range inside one of this matrix's ranges for its role.
   */
  connection(src, dst) {
    const t = this.state.table;
    if (dst.kind === "workload" && dst.index === this.controller) return ConnectionSet.NONE;
    if (src.kind === "external") return dst.kind === "external" ? ConnectionSet.NONE : t.get(this.externalIngress(src.range, dst.index));
    if (src.index === this.controller) return dst.kind === "external" ? ConnectionSet.NONE : t.get(this.fromController(dst.index));
    if (dst.kind === "external") return t.get(this.externalEgress(src.index, dst.range));
    return t.get(this.workloadPair(src.index, dst.index));
  }
  ranks;
  /** Output ranks of destination workloads and egress ranges. */
  destinationRanks() {
    if (!this.ranks) {
      const workload = new Int32Array(this.workloads.length);
      const range = new Int32Array(this.egressRanges.length);
      this.destinationEndpoints().forEach((e, i) => {
        if (e.kind === "workload") workload[e.index] = i;
        else range[findRange(this.egressRanges, e.range.first)] = i;
      });
      this.ranks = { workload, range };
    }
    return this.ranks;
  }
  /**
   * The destinations src may reach, with the connections, in output order.
   * An external src may be any range inside one of the ingress ranges.
   */
  row(src) {
    const t = this.state.table;
    const dsts = this.destinationEndpoints();
    const { ranks, conns } = this.compactRow(src);
    const out = new Array(ranks.length);
    for (let i = 0; i < ranks.length; i++) out[i] = { src, dst: dsts[ranks[i]], conn: t.get(conns[i]) };
    return out;
  }
  /**
   * A row without objects: the ranks of the destinations in
   * destinationEndpoints() order, and the ids of the connections in this
   * matrix's table (see connectionSet).
   */
  compactRow(src) {
    const t = this.state.table;
    const dsts = this.destinationEndpoints();
    if (src.kind === "external") {
      const a = findRange(this.ingressRanges, src.range.first);
      const ranks2 = [];
      const conns2 = [];
      dsts.forEach((dst, rank) => {
        if (dst.kind !== "workload") return;
        let conn = ConnectionTable.NONE;
        for (const c of this.state.workloadClasses[dst.index]) conn = t.join(conn, this.state.ingressGroup(c).external[a]);
        if (conn !== ConnectionTable.NONE) {
          ranks2.push(rank);
          conns2.push(conn);
        }
      });
      return { ranks: Int32Array.from(ranks2), conns: Int32Array.from(conns2) };
    }
    const { workload: workloadRank, range: rangeRank } = this.destinationRanks();
    const w = src.index;
    if (w === this.controller) {
      const out = [];
      for (const v of this.state.ingress.paths.keys()) {
        const conn = this.fromController(v);
        if (conn !== ConnectionTable.NONE) out.push([workloadRank[v], conn]);
      }
      out.sort((a, b) => a[0] - b[0]);
      return { ranks: Int32Array.from(out.map((x) => x[0])), conns: Int32Array.from(out.map((x) => x[1])) };
    }
    const controller = this.controller;
    const acc = this.rowScratch ??= { conn: new Int32Array(dsts.length), stamp: new Int32Array(dsts.length), call: 0 };
    const call2 = ++acc.call;
    const ranks = [];
    const add = (rank, conn) => {
      if (acc.stamp[rank] === call2) {
        acc.conn[rank] = t.join(acc.conn[rank], conn);
      } else {
        acc.stamp[rank] = call2;
        acc.conn[rank] = conn;
        ranks.push(rank);
      }
    };
    for (const c of this.state.workloadClasses[w]) {
      const row = this.state.row(c);
      for (let i = 0; i < row.length; i += 2) {
        for (const v of this.state.classes[row[i]].workloads) if (v !== w && v !== controller) add(workloadRank[v], row[i + 1]);
      }
      const ext = this.state.egressGroup(c).external;
      for (let b = 0; b < ext.length; b++) if (ext[b] !== ConnectionTable.NONE) add(rangeRank[b], ext[b]);
    }
    const sorted = Int32Array.from(ranks).sort();
    const conns = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) conns[i] = acc.conn[sorted[i]];
    return { ranks: sorted, conns };
  }
  /**
   * The columns of some destination workloads (by index), without objects:
   * for each, the workload sources (by index) that reach it, with the ids of
   * the connections (see connectionSet).
   */
  compactColumns(dsts) {
    const s = this.state;
    const t = s.table;
    const controller = this.controller;
    return dsts.map((v) => {
      const col = /* @__PURE__ */ new Map();
      if (v === controller) return col;
      for (const c of s.workloadClasses[v]) {
        const column = s.column(c);
        for (let i = 0; i < column.length; i += 2) {
          const conn = column[i + 1];
          for (const w of s.classes[column[i]].workloads) {
            if (w === v || w === controller) continue;
            const prev = col.get(w);
            col.set(w, prev === void 0 ? conn : t.join(prev, conn));
          }
        }
      }
      if (controller >= 0) {
        const conn = this.fromController(v);
        if (conn !== ConnectionTable.NONE) col.set(controller, conn);
      }
      return col;
    });
  }
  /** The connections a compactRow id stands for. */
  connectionSet(id) {
    return this.state.table.get(id);
  }
  /** Every pair with some allowed connection, in the order of the text output. */
  *connections() {
    this.state.allRows();
    for (const src of this.sourceEndpoints()) yield* this.row(src);
  }
  /**
   * Whether a policy isolates a workload in a direction, which policies hold
   * it as subject (`ns/name` or `name`), and the same with their kinds.
   */
  isolation(index, direction) {
    const classes = this.state.workloadClasses[index];
    let isolated = false;
    const holders = /* @__PURE__ */ new Map();
    for (const c of classes) {
      const dp = direction === "ingress" ? this.state.ingressPolicies[c] : this.state.egressPolicies[c];
      isolated ||= dp.isolated;
      for (const p of dp.policies) {
        const key2 = `${p.kind}\0${p.id}`;
        const known = holders.get(key2);
        if (!known || p.isolates && !known.isolates) holders.set(key2, p);
      }
    }
    const list2 = [...holders.values()];
    return { isolated, policies: [...new Set(list2.map((p) => p.id))], holders: list2 };
  }
  /**
   * What one workload's own policies admit in a direction with another
   * workload, whatever the other's policies say: its ingress verdict for
   * connections from `peer`, or its egress verdict for connections to it.
   * Exposure analysis reads a workload's side only.
   */
  admits(self, peer2, direction) {
    const s = this.state;
    const t = s.table;
    let conn = ConnectionTable.NONE;
    for (const c of s.workloadClasses[self]) {
      for (const d of s.workloadClasses[peer2]) conn = t.join(conn, direction === "ingress" ? s.ingressGroup(c).from(d) : s.egressGroup(c).to(d));
    }
    return t.get(conn);
  }
  /**
   * The port names the egress rules of workload `src` allow to workload
   * `dst` where `dst` would declare them: `dst` stands for pods the
   * manifests do not hold (an exposure representative), whose ports are not
   * known.
   */
  potentialNames(src, dst) {
    const s = this.state;
    const tokens = /* @__PURE__ */ new Map();
    for (const c of s.workloadClasses[src]) {
      for (const t of s.egressPolicies[c].tiers) for (const r of t.rules) for (const n of r.ports.named) tokens.set(`${n.protocol ?? ""}/${n.name}`, n);
    }
    const out = [];
    for (const token of tokens.values()) {
      const allowed = s.workloadClasses[src].some((c) => s.workloadClasses[dst].some((d) => allowsName(s.egressPolicies[c], (r) => classMatchHas(r.classes, d, s.classes[d].selectable), token)));
      if (allowed) out.push(token);
    }
    return out;
  }
  /** The policies of a workload's pods in a direction: one per class, alike ones once. */
  directionPolicies(index, direction) {
    const out = /* @__PURE__ */ new Set();
    for (const c of this.state.workloadClasses[index]) out.add(direction === "ingress" ? this.state.ingressPolicies[c] : this.state.egressPolicies[c]);
    return [...out];
  }
  /** The workloads a policy holds as subject, per direction it acts in (none for a policy of another state). */
  subjects(policy) {
    const steps = this.state.subjectsOf.get(policy) ?? [];
    return steps.map(({ direction, subject }) => {
      const seen = /* @__PURE__ */ new Set();
      for (const c of this.state.classList(subject)) for (const w of this.state.classes[c].workloads) seen.add(w);
      return { direction, workloads: [...seen].sort((a, b) => a - b).map((w) => this.workloads[w]) };
    });
  }
  notedPolicies = /* @__PURE__ */ new WeakMap();
  hasNotedRule(dp) {
    let noted = this.notedPolicies.get(dp);
    if (noted === void 0) {
      noted = dp.tiers.some((t) => t.rules.some((r) => r.note !== void 0));
      this.notedPolicies.set(dp, noted);
    }
    return noted;
  }
  /**
   * The connections from src to dst that some allowing rule with a note
   * lets through (an L7 rule, DNS names), by note, sorted: those paths may
   * be narrower than the connections say. Nothing, at no cost, where no
   * rule of the state has a note.
   */
  via(src, dst) {
    const s = this.state;
    if (!s.noted) return NO_VIA;
    const egress = src.kind === "workload" && s.workloadClasses[src.index].some((c) => this.hasNotedRule(s.egressPolicies[c]));
    const ingress = dst.kind === "workload" && s.workloadClasses[dst.index].some((c) => this.hasNotedRule(s.ingressPolicies[c]));
    if (!egress && !ingress) return NO_VIA;
    const x = this.explain(src, dst);
    const byNote = /* @__PURE__ */ new Map();
    for (const d of [...x.egress.decisions, ...x.ingress.decisions]) {
      const note = d.rule?.note;
      if (note === void 0 || d.action !== "allow") continue;
      byNote.set(note, (byNote.get(note) ?? ConnectionSet.NONE).union(d.ports));
    }
    const out = [];
    for (const [note, ports2] of byNote) {
      const conn = ports2.intersect(x.allowed);
      if (!conn.isEmpty()) out.push({ note, conn });
    }
    return out.sort((a, b) => a.note < b.note ? -1 : a.note > b.note ? 1 : 0);
  }
  /** The ranges of a role's cut that a range overlaps, clipped to it. */
  rangesWithin(range, ranges) {
    const out = [];
    for (let i = findRange(ranges, range.first); i < ranges.length && ranges[i].first <= range.last; i++) {
      out.push({ first: Math.max(range.first, ranges[i].first), last: Math.min(range.last, ranges[i].last) });
    }
    return out;
  }
  /** Explains the connections from src to dst: the rules of each end that decided. */
  explain(src, dst) {
    const s = this.state;
    const srcClasses = src.kind === "workload" ? s.workloadClasses[src.index] : [];
    const dstClasses = dst.kind === "workload" ? s.workloadClasses[dst.index] : [];
    const peerMatcher = (peer2, peerClass) => peer2.kind === "external" ? (r) => contains(r.addresses, peer2.range.first) : (r) => classMatchHas(r.classes, peerClass, s.classes[peerClass].selectable);
    const end = (direction, self, selfClasses, peer2, peerClasses) => {
      if (self.kind === "external") {
        return { direction, endpoint: self.name, governed: false, isolated: false, policies: [], holders: [], decisions: [], allowed: ConnectionSet.ALL };
      }
      const decisions2 = [];
      let allowed = ConnectionSet.NONE;
      let isolated = false;
      const holders = /* @__PURE__ */ new Map();
      for (const c of selfClasses) {
        const dp = direction === "egress" ? s.egressPolicies[c] : s.ingressPolicies[c];
        isolated ||= dp.isolated;
        dp.policies.forEach((p) => holders.set(`${p.kind}\0${p.id}`, p));
        if (peer2.kind === "external") {
          for (const part of this.rangesWithin(peer2.range, direction === "ingress" ? this.ingressRanges : this.egressRanges)) {
            const portMap = direction === "ingress" ? s.classes[c].portMap : NO_PORTS;
            allowed = allowed.union(evaluate(dp, peerMatcher(this.externalEndpoint(part), void 0), portMap, decisions2));
          }
          continue;
        }
        for (const pc of peerClasses) {
          if (self.index === peer2.index) continue;
          const portMap = direction === "ingress" ? s.classes[c].portMap : s.classes[pc].portMap;
          allowed = allowed.union(evaluate(dp, peerMatcher(peer2, pc), portMap, decisions2));
        }
      }
      const held = [...holders.values()];
      return { direction, endpoint: self.name, governed: true, isolated, policies: [...new Set(held.map((p) => p.id))], holders: held, decisions: dedupe(decisions2), allowed };
    };
    const egress = end("egress", src, srcClasses, dst, dstClasses);
    const ingress = end("ingress", dst, dstClasses, src, srcClasses);
    const path = this.isIngressController(src) && dst.kind === "workload" ? this.ingressPath(dst.index) : void 0;
    return { src, dst, allowed: this.connection(src, dst), egress, ingress, ...path ? { routed: path } : {} };
  }
};
function dedupe(decisions2) {
  const byKey = /* @__PURE__ */ new Map();
  for (const d of decisions2) {
    const key2 = `${d.rule?.id ?? "default"}:${d.action}`;
    const prev = byKey.get(key2);
    byKey.set(key2, prev ? { ...prev, ports: prev.ports.union(d.ports) } : d);
  }
  return [...byKey.values()];
}

// src/policy/adminpolicy/compile.ts
function toAction(a) {
  return a === "Allow" || a === "Accept" ? "allow" : a === "Deny" ? "deny" : "pass";
}
function subjectClasses(subject, r) {
  return r.pods(subject.namespaceSelector, subject.kind === "namespaces" ? void 0 : subject.podSelector);
}
function label(policy) {
  return `${policy.kind} ${policy.name}`;
}
function peerMatch(policy, peer2, action, r) {
  switch (peer2.kind) {
    case "namespaces":
      return { classes: r.pods(peer2.namespaceSelector, void 0), addresses: EMPTY };
    case "pods":
      return { classes: r.pods(peer2.namespaceSelector, peer2.podSelector), addresses: EMPTY };
    case "nodes":
      return { classes: MATCH_NO_CLASS, addresses: EMPTY };
    case "domainNames":
      return action === "allow" ? { classes: MATCH_NO_CLASS, addresses: ALL_IPV4 } : { classes: MATCH_NO_CLASS, addresses: EMPTY };
    case "unknown":
      return void 0;
    case "networks": {
      if (peer2.wholeSpace) return { classes: r.everyWorkload, addresses: peer2.addresses };
      const pod = r.podNetwork();
      if (pod && covers(peer2.addresses, pod)) return { classes: r.selectableWorkloads, addresses: peer2.addresses };
      const overlap2 = pod ? !isEmpty(intersect(peer2.addresses, pod)) : !isEmpty(intersect(peer2.addresses, PRIVATE_RANGES));
      if (overlap2) {
        r.warn(
          Codes.unsupported,
          policy.source,
          `${label(policy)}: networks ${peer2.cidrs.join(", ")} may hold pod IPs; ${pod ? "it covers only part of the pod network, so" : "no pod network is configured (--pod-cidr), so"} it is applied to external addresses only`
        );
      }
      return { classes: MATCH_NO_CLASS, addresses: peer2.addresses };
    }
  }
}
function ruleSpec(policy, rule, r) {
  const action = toAction(rule.action);
  const base = { index: rule.index, name: rule.name, line: rule.line, rule };
  let classes = MATCH_NO_CLASS;
  let addresses = EMPTY;
  for (const peer2 of rule.peers) {
    const m = peerMatch(policy, peer2, action, r);
    if (!m) {
      return action === "allow" ? { ...base, action, classes: MATCH_NO_CLASS, addresses: EMPTY, ports: rule.ports } : { ...base, action: "deny", classes: r.everyWorkload, addresses: ALL_IPV4, ports: "all" };
    }
    classes = r.union(classes, m.classes);
    addresses = union(addresses, m.addresses);
  }
  return { ...base, action, classes, addresses, ports: rule.ports };
}
function compileAdminPolicy(policy, tier2, order, r) {
  const subject = subjectClasses(policy.subject, r);
  const steps = [];
  for (const direction of ["ingress", "egress"]) {
    const rules = policy[direction];
    if (rules.length === 0) continue;
    steps.push({
      tier: tier2,
      order,
      tieBreak: r.tiers.tieBreak(policy.kind, policy.name, void 0),
      ...policy.priority !== void 0 ? { priority: policy.priority } : {},
      direction,
      subject,
      isolates: false,
      rules: rules.map((rule) => ruleSpec(policy, rule, r))
    });
  }
  return steps;
}
function adminSelectorPeers(policy) {
  const out = [];
  for (const rule of [...policy.ingress, ...policy.egress]) {
    for (const peer2 of rule.peers) {
      if (peer2.kind === "namespaces") {
        if (!isMatchAll(peer2.namespaceSelector)) out.push({ namespaces: { selector: peer2.namespaceSelector, written: peer2.written.namespaceSelector } });
      } else if (peer2.kind === "pods") {
        if (isMatchAll(peer2.namespaceSelector) && isMatchAll(peer2.podSelector)) continue;
        out.push({
          namespaces: { selector: peer2.namespaceSelector, written: peer2.written.namespaceSelector },
          pods: { selector: peer2.podSelector, ...peer2.written.podSelector ? { written: peer2.written.podSelector } : {} }
        });
      }
    }
  }
  return out;
}

// src/policy/adminpolicy/read.ts
var ANP_MAX_PRIORITY = 1e3;
function selector(raw, what, line) {
  const s = parseSelector(raw);
  if ("error" in s) throw new InvalidObject(`${what}: ${s.error}`, line);
  return s;
}
var V1ALPHA1 = { podSelectorRequired: false, allowWord: "Allow", domainNames: true, strict: false };
var V1ALPHA1_BASELINE = { ...V1ALPHA1, domainNames: false };
function readPodsSelector(raw, what, line, v) {
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with namespaceSelector and podSelector`, line);
  if (v.podSelectorRequired && (raw["podSelector"] === void 0 || raw["podSelector"] === null)) throw new InvalidObject(`${what}.podSelector is required`, line);
  return {
    namespaceSelector: selector(raw["namespaceSelector"], `${what}.namespaceSelector`, line),
    podSelector: selector(raw["podSelector"], `${what}.podSelector`, line)
  };
}
function readSubject(raw, line, v) {
  if (!isRecord(raw)) throw new InvalidObject("spec.subject must set exactly one of namespaces or pods", line);
  const set2 = Object.keys(raw).filter((k) => raw[k] !== void 0 && raw[k] !== null);
  if (set2.length !== 1 || set2[0] !== "namespaces" && set2[0] !== "pods") {
    throw new InvalidObject(`spec.subject must set exactly one of namespaces or pods (found ${set2.length === 0 ? "none" : set2.join(", ")})`, line);
  }
  if (set2[0] === "namespaces") return { kind: "namespaces", namespaceSelector: selector(raw["namespaces"], "spec.subject.namespaces", line) };
  return { kind: "pods", ...readPodsSelector(raw["pods"], "spec.subject.pods", line, v) };
}
var DOMAIN_NAME = /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;
var MAX_PEER_ITEMS = 25;
function checkSet(items, what, line) {
  if (items.length > MAX_PEER_ITEMS) throw new InvalidObject(`${what} has ${items.length} items; at most ${MAX_PEER_ITEMS} are allowed`, line);
  const seen = /* @__PURE__ */ new Set();
  for (const item of items) {
    if (seen.has(item)) throw new InvalidObject(`${what} lists "${String(item)}" more than once`, line);
    seen.add(item);
  }
}
var INGRESS_PEERS = ["namespaces", "pods"];
var EGRESS_PEERS = ["namespaces", "pods", "nodes", "networks", "domainNames"];
var EGRESS_PEERS_NO_NAMES = EGRESS_PEERS.filter((p) => p !== "domainNames");
function readPeer(raw, what, line, egress, notes, v) {
  const set2 = isRecord(raw) ? Object.keys(raw).filter((k) => raw[k] !== void 0 && raw[k] !== null) : [];
  const allowed = egress ? v.domainNames ? EGRESS_PEERS : EGRESS_PEERS_NO_NAMES : INGRESS_PEERS;
  if (v.strict && isRecord(raw) && set2.length > 1 && set2.every((k) => allowed.includes(k))) {
    throw new InvalidObject(`${what} sets ${set2.join(" and ")}; a peer sets exactly one of ${allowed.join(", ")}`, line);
  }
  if (!isRecord(raw) || set2.length !== 1 || !allowed.includes(set2[0])) {
    const found = set2.length === 0 ? "no field" : set2.map((k) => `"${k}"`).join(", ");
    notes.push({
      line,
      code: Codes.unsupported,
      message: `${what} has ${found} (expected exactly one of ${allowed.join(", ")}); it fails closed: an ${v.allowWord} rule matches nothing, a Deny or Pass rule denies all traffic`
    });
    return { kind: "unknown", what: found };
  }
  const key2 = set2[0];
  if (key2 === "namespaces") {
    return { kind: "namespaces", namespaceSelector: selector(raw["namespaces"], `${what}.namespaces`, line), written: { namespaceSelector: writtenSelector(raw["namespaces"]) } };
  }
  if (key2 === "pods") {
    const pods = raw["pods"];
    const written2 = { namespaceSelector: writtenSelector(field(pods, "namespaceSelector")), podSelector: writtenSelector(field(pods, "podSelector")) };
    return { kind: "pods", ...readPodsSelector(pods, `${what}.pods`, line, v), written: written2 };
  }
  if (key2 === "nodes") {
    selector(raw["nodes"], `${what}.nodes`, line);
    notes.push({ line, code: Codes.unsupported, message: `${what}: nodes peers are not modelled (node addresses are not in the manifests); this peer matches no endpoint` });
    return { kind: "nodes" };
  }
  if (key2 === "domainNames") {
    const names = raw["domainNames"];
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string" && n !== "")) {
      throw new InvalidObject(`${what}.domainNames must be a non-empty list of DNS names`, line);
    }
    if (v.strict) {
      checkSet(names, `${what}.domainNames`, line);
      const bad = names.find((n) => !DOMAIN_NAME.test(n));
      if (bad !== void 0) throw new InvalidObject(`${what}.domainNames: "${bad}" is not a domain name (two or more labels, "*." only in front)`, line);
    }
    notes.push({
      line,
      code: Codes.unsupported,
      message: `${what}: domainNames peers (${names.join(", ")}) are not modelled: the addresses behind a name are not in the manifests, so an ${v.allowWord} rule is taken to reach any external address and a Deny or Pass rule to match nothing`
    });
    return { kind: "domainNames", names };
  }
  const cidrs = raw["networks"];
  if (!Array.isArray(cidrs) || cidrs.length === 0) throw new InvalidObject(`${what}.networks must be a non-empty list of CIDRs`, line);
  if (v.strict) checkSet(cidrs, `${what}.networks`, line);
  let addresses = EMPTY;
  let wholeSpace = false;
  for (const c of cidrs) {
    if (typeof c !== "string") throw new InvalidObject(`${what}.networks must be a list of CIDRs`, line);
    const parsed2 = parseCidr(c);
    if (parsed2.kind === "invalid") throw new InvalidObject(`${what}.networks: ${parsed2.reason}`, line);
    if (parsed2.kind === "ipv6") {
      notes.push({ line, code: Codes.unsupported, message: `${what}.networks: IPv6 "${c}" is not modelled` });
      continue;
    }
    if (parsed2.first === 0 && parsed2.last === 4294967295) wholeSpace = true;
    addresses = union(addresses, interval(parsed2.first, parsed2.last));
  }
  return { kind: "networks", cidrs, addresses, wholeSpace };
}
function readPort(raw, what, line) {
  const set2 = isRecord(raw) ? Object.keys(raw).filter((k) => raw[k] !== void 0 && raw[k] !== null) : [];
  if (!isRecord(raw) || set2.length !== 1) throw new InvalidObject(`${what} must set exactly one of portNumber, namedPort or portRange`, line);
  const key2 = set2[0];
  if (key2 === "namedPort") {
    const name = raw["namedPort"];
    if (!isPortName(name)) throw new InvalidObject(`${what}: "${String(name)}" is not a valid port name`, line);
    return { kind: "named", protocol: void 0, name };
  }
  if (key2 === "portNumber") {
    const p = raw["portNumber"];
    const port = isRecord(p) ? p["port"] : void 0;
    if (!isPortNumber(port)) throw new InvalidObject(`${what}.portNumber.port must be a port from 1 to 65535`, line);
    return { kind: "numbers", protocol: readProtocol(isRecord(p) ? p["protocol"] : void 0, what), from: port, to: port };
  }
  if (key2 === "portRange") {
    const r = raw["portRange"];
    const start = isRecord(r) ? r["start"] : void 0;
    const end = isRecord(r) ? r["end"] : void 0;
    if (!isPortNumber(start) || !isPortNumber(end) || start > end) {
      throw new InvalidObject(`${what}.portRange needs start and end ports from 1 to 65535, start not above end`, line);
    }
    return { kind: "numbers", protocol: readProtocol(isRecord(r) ? r["protocol"] : void 0, what), from: start, to: end };
  }
  throw new InvalidObject(`${what}: unknown port field "${key2}" (expected portNumber, namedPort or portRange)`, line);
}
function readRules(obj2, raw, direction, baseline, notes) {
  if (raw === void 0 || raw === null) return [];
  if (!Array.isArray(raw)) throw new InvalidObject(`spec.${direction} must be a list of rules`, obj2.lineOf(raw));
  const peerField = direction === "ingress" ? "from" : "to";
  return raw.map((rule, index) => {
    const line = obj2.lineOf(rule);
    const what = `spec.${direction}[${index}]`;
    if (!isRecord(rule)) throw new InvalidObject(`${what} must be a mapping`, line);
    const action = rule["action"];
    const allowedActions = baseline ? ["Allow", "Deny"] : ["Allow", "Deny", "Pass"];
    if (typeof action !== "string" || !allowedActions.includes(action)) {
      throw new InvalidObject(`${what}.action "${String(action)}" must be ${allowedActions.join(", ").replace(/, (\w+)$/, " or $1")}`, line);
    }
    const peersRaw = rule[peerField];
    if (!Array.isArray(peersRaw) || peersRaw.length === 0) throw new InvalidObject(`${what}.${peerField} must list at least one peer`, line);
    const portsRaw = rule["ports"];
    if (portsRaw !== void 0 && portsRaw !== null && !Array.isArray(portsRaw)) throw new InvalidObject(`${what}.ports must be a list`, line);
    const ports2 = (portsRaw ?? []).map((p, i) => readPort(p, `${what}.ports[${i}]`, obj2.lineOf(p)));
    const name = typeof rule["name"] === "string" ? rule["name"] : "";
    return {
      index,
      name,
      line,
      action,
      peers: peersRaw.map((p, i) => readPeer(p, `${what}.${peerField}[${i}]`, obj2.lineOf(p), direction === "egress", notes, baseline ? V1ALPHA1_BASELINE : V1ALPHA1)),
      ports: ports2.length > 0 ? ports2 : "all"
    };
  });
}
function readAdminPolicy(obj2) {
  const baseline = obj2.kind === "BaselineAdminNetworkPolicy";
  const name = optionalString(obj2.body, "metadata", "name");
  if (!name) throw new InvalidObject(`${obj2.kind} has no metadata.name`);
  if (baseline && name !== "default") throw new InvalidObject(`a BaselineAdminNetworkPolicy must be named "default", not "${name}"`);
  const spec = obj2.body["spec"];
  if (!isRecord(spec)) throw new InvalidObject("spec must be a mapping");
  const notes = [];
  let priority;
  if (!baseline) {
    const p = spec["priority"];
    if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > ANP_MAX_PRIORITY) {
      throw new InvalidObject(`spec.priority ${p === void 0 ? "is missing" : `${String(p)} is invalid`}: it must be an integer from 0 to ${ANP_MAX_PRIORITY}`, obj2.lineOf(spec));
    }
    priority = p;
  }
  const policy = {
    kind: baseline ? "BaselineAdminNetworkPolicy" : "AdminNetworkPolicy",
    name,
    tier: baseline ? "Baseline" : "Admin",
    ...priority !== void 0 ? { priority } : {},
    source: { file: obj2.file, line: obj2.line },
    subject: readSubject(spec["subject"], obj2.lineOf(spec["subject"]) ?? obj2.line, V1ALPHA1),
    ingress: readRules(obj2, spec["ingress"], "ingress", baseline, notes),
    egress: readRules(obj2, spec["egress"], "egress", baseline, notes)
  };
  return { policy, notes };
}

// src/policy/adminpolicy/kind.ts
var common2 = {
  group: "policy.networking.k8s.io",
  versions: ["v1alpha1"],
  namespaced: false,
  ordered: true,
  read: readAdminPolicy,
  rules: (p, direction) => p[direction],
  selection: (p) => [p.subject, p.priority],
  selectorPeers: adminSelectorPeers
};
var adminNetworkPolicyKind = {
  ...common2,
  kind: "AdminNetworkPolicy",
  plural: "AdminNetworkPolicies",
  compile: (p, r) => compileAdminPolicy(p, r.tiers.admin, p.priority, r)
};
var baselineAdminNetworkPolicyKind = {
  ...common2,
  kind: "BaselineAdminNetworkPolicy",
  plural: "BaselineAdminNetworkPolicies",
  // after every ClusterNetworkPolicy of the baseline tier, should both be present
  compile: (p, r) => compileAdminPolicy(p, r.tiers.baseline, Number.MAX_SAFE_INTEGER, r)
};

// src/policy/tiers.ts
var ADMIN_TIER = { name: "admin", order: 1e3, combine: "first-match", endAction: "pass", tiesAmbiguous: true };
var NETWORK_POLICY_TIER = { name: "default", order: 1e6, combine: "union", endAction: "deny", tiesAmbiguous: false };
var BASELINE_TIER = { name: "baseline", order: 1e7, combine: "first-match", endAction: "pass", tiesAmbiguous: true };
var KUBERNETES_TIERS = {
  admin: ADMIN_TIER,
  networkPolicy: NETWORK_POLICY_TIER,
  networkPolicyOrder: 0,
  baseline: BASELINE_TIER,
  tieBreak: (kind, name) => kind === "NetworkPolicy" ? void 0 : name,
  named: () => void 0
};

// src/policy/cilium/selectors.ts
var NAMESPACE_KEY = "io.kubernetes.pod.namespace";
var NAMESPACE_LABELS_PREFIX = "io.cilium.k8s.namespace.labels.";
var SERVICE_ACCOUNT_KEY = "io.cilium.k8s.policy.serviceaccount";
var CLUSTER_KEY = "io.cilium.k8s.policy.cluster";
function splitKey(key2) {
  const i = key2.indexOf(":");
  return i < 0 ? { source: "any", key: key2 } : { source: key2.slice(0, i), key: key2.slice(i + 1) };
}
function podSource(source) {
  return source === "k8s" || source === "any";
}
var KEPT = [/^io\.kubernetes\.pod\.namespace/, /^io\.cilium\.k8s\.namespace\.labels/, /^app\.kubernetes\.io/, /^io\.cilium\.k8s\.policy\.cluster/];
var LEFT_OUT = [
  /^io\.kubernetes/,
  /^kubernetes\.io/,
  /^statefulset\.kubernetes\.io\/pod-name/,
  /^apps\.kubernetes\.io\/pod-index/,
  /^batch\.kubernetes\.io\/job-completion-index/,
  /^.*beta\.kubernetes\.io/,
  /^k8s\.io/,
  /^pod-template-generation/,
  /^pod-template-hash/,
  /^controller-revision-hash/,
  /^annotation.*/,
  /^etcd_node/
];
function keptInIdentity(key2) {
  let kept = 0;
  let leftOut = 0;
  for (const re of KEPT) kept = Math.max(kept, re.exec(key2)?.[0].length ?? 0);
  for (const re of LEFT_OUT) {
    const n = re.exec(key2)?.[0].length ?? 0;
    if (n > 0 && (leftOut === 0 || n < leftOut)) leftOut = n;
  }
  return leftOut === 0 || kept > leftOut;
}
var NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
var DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
function keyProblem(key2) {
  const parts = key2.split(":");
  if (parts.length > 2) return `label key "${key2}" has more than one ":" (only a source prefix such as k8s: may precede the key)`;
  if (parts.length === 2 && !/^[A-Za-z0-9]+$/.test(parts[0])) return `label key "${key2}": the source before ":" must be letters and digits`;
  const name = parts[parts.length - 1];
  const slash = name.lastIndexOf("/");
  const prefix = slash < 0 ? void 0 : name.slice(0, slash);
  const local = slash < 0 ? name : name.slice(slash + 1);
  if (prefix !== void 0 && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `label key "${key2}": "${prefix}" is not a DNS subdomain`;
  if (local.length > 63 || !NAME.test(local)) return `label key "${key2}" is not a valid label name`;
  return void 0;
}
function valueProblem(value) {
  return value === "" || value.length <= 63 && NAME.test(value) ? void 0 : `label value "${value}" is not a valid label value`;
}
function validated(raw, what, line) {
  if (raw === null || raw === void 0) return {};
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a label selector (matchLabels, matchExpressions)`, line);
  const out = {};
  const labels = raw["matchLabels"];
  if (labels !== void 0 && labels !== null) {
    if (!isRecord(labels)) throw new InvalidObject(`${what}.matchLabels must be a mapping of label keys to values`, line);
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== "string") throw new InvalidObject(`${what}.matchLabels: the value of "${k}" must be a string (quote it: "${String(v)}")`, line);
      const problem = keyProblem(k) ?? valueProblem(v);
      if (problem) throw new InvalidObject(`${what}.matchLabels: ${problem}`, line);
    }
    out["matchLabels"] = labels;
  }
  const expressions = raw["matchExpressions"];
  if (expressions !== void 0 && expressions !== null) {
    if (!Array.isArray(expressions)) throw new InvalidObject(`${what}.matchExpressions must be a list`, line);
    for (const e of expressions) {
      const key2 = isRecord(e) ? e["key"] : void 0;
      const problem = typeof key2 === "string" ? keyProblem(key2) : void 0;
      if (problem) throw new InvalidObject(`${what}.matchExpressions: ${problem}`, line);
      const values = isRecord(e) ? e["values"] : void 0;
      for (const v of Array.isArray(values) ? values : []) {
        const bad = typeof v === "string" ? valueProblem(v) : void 0;
        if (bad) throw new InvalidObject(`${what}.matchExpressions: ${bad}`, line);
      }
    }
    out["matchExpressions"] = expressions;
  }
  return out;
}
function holds(operator, values, value) {
  switch (operator) {
    case "In":
      return value !== void 0 && values.includes(value);
    case "NotIn":
      return value === void 0 || !values.includes(value);
    case "Exists":
      return value !== void 0;
    case "DoesNotExist":
      return value === void 0;
  }
}
function matchesReserved(requirements, identity) {
  return requirements.every(({ sourced, r }) => {
    const present2 = (sourced.source === "reserved" || sourced.source === "any") && sourced.key === identity;
    return holds(r.operator, r.values, present2 ? "" : void 0);
  });
}
function selectorOf(requirements) {
  const s = parseSelector({ matchExpressions: requirements.map((r) => ({ key: r.key, operator: r.operator, ...r.values.length > 0 ? { values: r.values } : {} })) });
  if ("error" in s) throw new Error(s.error);
  return s;
}
function readIdentitySelector(raw, what, line, scope, notes) {
  const clean = validated(raw, what, line);
  if (scope.role === "subject" && scope.namespace !== void 0 && isRecord(clean["matchLabels"])) {
    const { [`k8s:${NAMESPACE_KEY}`]: _replaced, ...rest } = clean["matchLabels"];
    clean["matchLabels"] = rest;
  }
  const parsed2 = parseSelector(clean);
  if ("error" in parsed2) throw new InvalidObject(`${what}: ${parsed2.error}`, line);
  const sourced = parsed2.requirements.map((r) => ({ sourced: splitKey(r.key), r }));
  const has = (test) => sourced.some((x) => test(x.sourced));
  const reservedKey = has((s) => s.source === "reserved");
  const namespaceKey = has((s) => podSource(s.source) && s.key === NAMESPACE_KEY);
  const namespaceLabels = has((s) => podSource(s.source) && s.key.startsWith(NAMESPACE_LABELS_PREFIX));
  let added;
  let acrossNamespaces = false;
  if (scope.role === "subject") {
    if (scope.namespace !== void 0) added = { namespace: scope.namespace };
  } else if (!reservedKey && !namespaceKey) {
    if (scope.namespace === void 0) added = "exists";
    else if (namespaceLabels) acrossNamespaces = true;
    else added = { namespace: scope.namespace };
  }
  const namespaceReqs = added !== void 0 && added !== "exists" ? [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [added.namespace] }] : [];
  const podReqs = [];
  const dropped = [];
  let noPod = false;
  const absent = (r) => {
    if (!holds(r.operator, r.values, void 0)) noPod = true;
  };
  for (const { sourced: s, r } of sourced) {
    if (!podSource(s.source)) {
      absent(r);
    } else if (s.key === NAMESPACE_KEY) {
      namespaceReqs.push({ ...r, key: NAMESPACE_NAME_LABEL });
    } else if (s.key.startsWith(NAMESPACE_LABELS_PREFIX)) {
      if (keptInIdentity(s.key)) namespaceReqs.push({ ...r, key: s.key.slice(NAMESPACE_LABELS_PREFIX.length) });
      else {
        dropped.push(r.key);
        absent(r);
      }
    } else if (s.key === SERVICE_ACCOUNT_KEY || s.key === CLUSTER_KEY) {
      notes.push({
        line,
        code: Codes.unsupported,
        message: `${what}: ${s.key} is not modelled (service accounts and cluster names are not read from the manifests); the selector is taken to match no pod`
      });
      noPod = true;
    } else if (!keptInIdentity(s.key)) {
      dropped.push(r.key);
      absent(r);
    } else {
      podReqs.push({ ...r, key: s.key });
    }
  }
  const reservedMatch = (identity) => scope.role === "peer" && added === void 0 && matchesReserved(sourced, identity);
  return {
    namespaces: selectorOf(namespaceReqs),
    pods: selectorOf(podReqs),
    noPod,
    world: reservedMatch("world"),
    nodes: reservedMatch("host") || reservedMatch("remote-node"),
    dropped,
    acrossNamespaces,
    text: formatSelector(parsed2),
    line
  };
}
function selectsPod(selector3, namespaceLabels, podLabels) {
  return !selector3.noPod && matches(selector3.namespaces, namespaceLabels) && matches(selector3.pods, podLabels);
}

// src/policy/cilium/read.ts
var RULE_FIELDS = ["endpointSelector", "nodeSelector", "ingress", "ingressDeny", "egress", "egressDeny", "labels", "enableDefaultDeny", "description", "log"];
var INGRESS_PEERS2 = ["fromEndpoints", "fromCIDR", "fromCIDRSet", "fromEntities", "fromNodes", "fromGroups"];
var EGRESS_PEERS2 = ["toEndpoints", "toCIDR", "toCIDRSet", "toEntities", "toServices", "toGroups", "toNodes"];
var SECTION_FIELDS = {
  ingress: [...INGRESS_PEERS2, "fromRequires", "toPorts", "icmps", "authentication"],
  ingressDeny: [...INGRESS_PEERS2, "fromRequires", "toPorts", "icmps"],
  egress: [...EGRESS_PEERS2, "toRequires", "toPorts", "toFQDNs", "icmps", "authentication"],
  egressDeny: [...EGRESS_PEERS2, "toRequires", "toPorts", "icmps"]
};
var PORT_RULE_FIELDS = ["ports", "rules", "serverNames", "terminatingTLS", "originatingTLS", "listener"];
var PORT_FIELDS = ["port", "endPort", "protocol"];
var CIDR_RULE_FIELDS = ["cidr", "cidrGroupRef", "cidrGroupSelector", "except"];
var L7_TYPES = { http: "HTTP", kafka: "Kafka", dns: "DNS", l7proto: "" };
var ENTITIES = ["all", "world", "cluster", "cluster-mesh", "host", "init", "ingress", "unmanaged", "remote-node", "health", "none", "kube-apiserver"];
var PROTOCOLS2 = ["TCP", "UDP", "SCTP", "ANY", "VRRP", "IGMP", "GRE", "IPIP", "IPV6", "ESP", "AH"];
var MAX_PORTS = 40;
var FQDN_NAME = /^([-a-zA-Z0-9_]+[.]?)+$/;
var FQDN_PATTERN = /^([-a-zA-Z0-9_*]+[.]?)+$/;
var SERVICE_NAME = /^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$/;
function present(value) {
  return value !== void 0 && value !== null;
}
function listOf(raw, what, line) {
  if (!present(raw)) return void 0;
  if (!Array.isArray(raw)) throw new InvalidObject(`${what} must be a list`, line);
  return raw;
}
function parsePortNumber(text) {
  if (!/^[0-9]+(_[0-9]+)*$/.test(text)) return void 0;
  const digits = text.replace(/_/g, "");
  const octal = digits.length > 1 && digits.startsWith("0");
  if (octal && !/^[0-7]+$/.test(digits)) return void 0;
  const n = octal ? parseInt(digits, 8) : Number(digits);
  return n <= MAX_PORT ? n : void 0;
}
var Reader2 = class {
  constructor(obj2, kind, namespace) {
    this.obj = obj2;
    this.kind = kind;
    this.namespace = namespace;
  }
  obj;
  kind;
  namespace;
  notes = [];
  unknownFields = [];
  portQuirks = [];
  line(node, fallback) {
    return typeof node === "object" && node !== null ? this.obj.lineOf(node) ?? fallback : fallback;
  }
  note(line, message) {
    this.notes.push({ line, code: Codes.unsupported, message });
  }
  /** Records fields the schema does not have at this place; `misplaced` says why a known field is not allowed here. */
  unknown(raw, known, what, line, misplaced = {}) {
    for (const k of Object.keys(raw)) {
      if (known.includes(k) || !present(raw[k])) continue;
      this.unknownFields.push({ path: `${what}.${k}`, line, ...misplaced[k] ? { why: misplaced[k] } : {} });
    }
  }
  /** An endpoint selector; a field other than matchLabels and matchExpressions is dropped by the API server, which leaves a selector of everything. */
  selector(raw, what, line, role, notes = this.notes) {
    if (isRecord(raw)) this.unknown(raw, ["matchLabels", "matchExpressions"], what, line);
    return readIdentitySelector(raw, what, line, { namespace: this.namespace, role }, notes);
  }
  // --- peers ---
  cidr(raw, except, what, line) {
    if (typeof raw !== "string" || raw === "") throw new InvalidObject(`${what} must be a CIDR`, line);
    const parsed2 = parseCidr(raw);
    if (parsed2.kind === "invalid") throw new InvalidObject(`${what}: ${parsed2.reason}`, line);
    const holes = listOf(except, `${what}.except`, line) ?? [];
    let addresses = parsed2.kind === "ipv4" ? interval(parsed2.first, parsed2.last) : EMPTY;
    for (const e of holes) {
      const hole = typeof e === "string" ? parseCidr(e) : void 0;
      if (!hole || hole.kind === "invalid") throw new InvalidObject(`${what}.except: ${hole?.reason ?? "must be a list of CIDRs"}`, line);
      const inside = hole.kind === "ipv4" && parsed2.kind === "ipv4" ? hole.first >= parsed2.first && hole.last <= parsed2.last : hole.kind === "ipv6" && parsed2.kind === "ipv6";
      if (!inside) throw new InvalidObject(`${what}: allow CIDR prefix ${raw} does not contain exclude CIDR prefix ${String(e)}`, line);
      if (hole.kind === "ipv4") addresses = subtract(addresses, interval(hole.first, hole.last));
    }
    if (parsed2.kind === "ipv6") this.note(line, `${what}: IPv6 CIDR "${raw}" is not modelled; only IPv4 external ranges are analysed`);
    return { kind: "cidr", cidr: raw, except: holes, addresses, line };
  }
  cidrRule(raw, what, line) {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with cidr (and except)`, line);
    this.unknown(raw, CIDR_RULE_FIELDS, what, line);
    const set2 = ["cidr", "cidrGroupRef", "cidrGroupSelector"].filter((k) => present(raw[k]) && raw[k] !== "");
    if (set2.length !== 1) {
      throw new InvalidObject(`${what}: ${set2.length === 0 ? "one of cidr, cidrGroupRef, or cidrGroupSelector is required" : "more than one of cidr, cidrGroupRef, or cidrGroupSelector may not be set"}`, line);
    }
    if (set2[0] !== "cidr") {
      this.note(line, `${what}.${set2[0]}: CiliumCIDRGroups are not read; this peer matches no address`);
      return { kind: "unmodelled", what: set2[0] };
    }
    return this.cidr(raw["cidr"], raw["except"], `${what}.cidr`, line);
  }
  entity(raw, what, line) {
    if (typeof raw !== "string" || !ENTITIES.includes(raw)) {
      const hint = raw === "world-ipv4" || raw === "world-ipv6" ? " (the CRD does not accept world-ipv4 and world-ipv6; use world)" : ` (one of ${ENTITIES.join(", ")})`;
      throw new InvalidObject(`${what}: unsupported entity "${String(raw)}"${hint}`, line);
    }
    if (raw === "kube-apiserver" || raw === "ingress" || raw === "unmanaged") {
      const who = { "kube-apiserver": "the API server", ingress: "Cilium's ingress proxy", unmanaged: "endpoints Cilium does not manage" }[raw];
      this.note(line, `${what}: the ${raw} entity (${who}) is not an endpoint of the manifests; it matches no workload or address here`);
    }
    return { kind: "entity", entity: raw };
  }
  fqdn(raw, what, line) {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with matchName or matchPattern`, line);
    this.unknown(raw, ["matchName", "matchPattern"], what, line);
    const set2 = ["matchName", "matchPattern"].filter((k) => present(raw[k]));
    if (set2.length !== 1) throw new InvalidObject(`${what} must set exactly one of matchName or matchPattern`, line);
    const value = raw[set2[0]];
    const pattern = set2[0] === "matchName" ? FQDN_NAME : FQDN_PATTERN;
    if (typeof value !== "string" || value.length > 255 || !pattern.test(value)) throw new InvalidObject(`${what}.${set2[0]}: "${String(value)}" is not a valid DNS ${set2[0] === "matchName" ? "name" : "pattern"}`, line);
    return value;
  }
  /**
   * The peers of a rule. At most one peer field may be non-empty
   * (rule_validation.go: "combining X and Y is not supported yet"); an
   * explicit empty list of endpoints, nodes, entities or CIDRs selects
   * nothing (pkg/policy/utils/parserules.go mergeEndpointSelectors); no
   * peer field at all is every peer where ports are given.
   */
  peers(raw, section, what, line) {
    const ingress = section.startsWith("ingress");
    const fields = [...ingress ? INGRESS_PEERS2 : EGRESS_PEERS2, ...section === "egress" ? ["toFQDNs"] : []];
    const lists = /* @__PURE__ */ new Map();
    for (const f of fields) {
      const list2 = listOf(raw[f], `${what}.${f}`, line);
      if (list2) lists.set(f, list2);
    }
    const nonEmpty = [...lists].filter(([, l]) => l.length > 0).map(([f]) => f);
    if (nonEmpty.length > 1) throw new InvalidObject(`${what}: combining ${nonEmpty[0]} and ${nonEmpty[1]} is not supported yet`, line);
    const requires = ingress ? "fromRequires" : "toRequires";
    if ((listOf(raw[requires], `${what}.${requires}`, line) ?? []).length > 0) {
      this.note(line, `${what}.${requires} is not modelled (deprecated in Cilium 1.17, rejected from 1.19): the requirements it adds to other rules' peers are left out`);
    }
    const selecting = ingress ? ["fromEndpoints", "fromNodes", "fromEntities", "fromCIDR", "fromCIDRSet"] : ["toEndpoints", "toNodes", "toEntities", "toCIDR", "toCIDRSet"];
    if (selecting.some((f) => lists.get(f)?.length === 0)) return "none";
    if (nonEmpty.length === 0) return "any";
    const field2 = nonEmpty[0];
    const items = lists.get(field2);
    const at = (item) => this.line(item, line);
    switch (field2) {
      case "fromEndpoints":
      case "toEndpoints":
        return items.map((item, i) => ({ kind: "endpoints", selector: this.selector(item, `${what}.${field2}[${i}]`, at(item), "peer") }));
      case "fromEntities":
      case "toEntities":
        return items.map((item, i) => this.entity(item, `${what}.${field2}[${i}]`, line));
      case "fromCIDR":
      case "toCIDR":
        return items.map((item, i) => this.cidr(item, void 0, `${what}.${field2}[${i}]`, line));
      case "fromCIDRSet":
      case "toCIDRSet":
        return items.map((item, i) => this.cidrRule(item, `${what}.${field2}[${i}]`, at(item)));
      case "toFQDNs": {
        const names = items.map((item, i) => this.fqdn(item, `${what}.toFQDNs[${i}]`, at(item)));
        this.note(
          line,
          `${what}.toFQDNs (${names.join(", ")}): the addresses behind DNS names are learned at run time and not modelled; the rule is taken to reach any external address (and no pod), and its paths are marked`
        );
        return [{ kind: "fqdn", names }];
      }
      default: {
        const why = {
          fromNodes: "node labels are not in the manifests (and Cilium needs --enable-node-selector-labels)",
          toNodes: "node labels are not in the manifests (and Cilium needs --enable-node-selector-labels)",
          fromGroups: "cloud security groups are resolved by the operator at run time",
          toGroups: "cloud security groups are resolved by the operator at run time",
          toServices: "Services are not read; Cilium turns them into the endpoints or addresses behind them"
        };
        this.note(line, `${what}.${field2} is not modelled (${why[field2]}); this peer matches nothing`);
        return [{ kind: "unmodelled", what: field2 }];
      }
    }
  }
  // --- ports ---
  /** One item of `ports`: a number (or 0: every port), a name, or a range with endPort; ANY is TCP, UDP and SCTP. */
  portProtocol(raw, what, line, l7) {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with port (and protocol)`, line);
    this.unknown(raw, PORT_FIELDS, what, line);
    const protocolRaw = raw["protocol"];
    if (present(protocolRaw) && (typeof protocolRaw !== "string" || !PROTOCOLS2.includes(protocolRaw))) {
      const hint = typeof protocolRaw === "string" && protocolRaw.toUpperCase() === "ICMP" ? " (ICMP is matched with icmps)" : "";
      throw new InvalidObject(`${what}: protocol "${String(protocolRaw)}" is not one of ${PROTOCOLS2.join(", ")}${hint}`, line);
    }
    const protocol = protocolRaw ?? "ANY";
    const portRaw = raw["port"];
    if (present(portRaw) && typeof portRaw !== "string") throw new InvalidObject(`${what}: port must be a string (quote it: "${String(portRaw)}")`, line);
    if (typeof portRaw !== "string" || portRaw === "") throw new InvalidObject(`${what}: port must be specified`, line);
    const port = portRaw;
    const endPort = raw["endPort"];
    if (present(endPort) && (typeof endPort !== "number" || !Number.isInteger(endPort) || endPort < 0 || endPort > MAX_PORT)) {
      throw new InvalidObject(`${what}: endPort ${String(endPort)} must be an integer from 0 to ${MAX_PORT}`, line);
    }
    const extended = !["TCP", "UDP", "SCTP", "ANY"].includes(protocol);
    const protocols = protocol === "ANY" ? ["TCP", "UDP", "SCTP"] : extended ? [] : [protocol];
    if (port.length <= 15 && SERVICE_NAME.test(port)) {
      if (extended) throw new InvalidObject(`${what}: port must be empty or 0 for protocol ${protocol}`, line);
      const name = port.toLowerCase();
      const ports3 = protocol === "ANY" ? [{ kind: "named", protocol: void 0, name }] : protocols.map((p) => ({ kind: "named", protocol: p, name }));
      return { ports: ports3, zero: false, protocol, range: false };
    }
    if (extended && port !== "0") throw new InvalidObject(`${what}: port must be empty or 0 for protocol ${protocol}`, line);
    const number = parsePortNumber(port);
    if (number === void 0) throw new InvalidObject(`${what}: unable to parse port "${port}" (a number up to ${MAX_PORT} or a port name)`, line);
    const end = typeof endPort === "number" ? endPort : 0;
    const range = number !== 0 && end > number;
    if (l7.dns && range) throw new InvalidObject(`${what}: DNS rules do not support port ranges`, line);
    if (number !== 0 && end !== 0 && end < number) {
      this.portQuirks.push({ what, line, message: `endPort ${end} is below port ${number}, so Cilium allows the single port ${number}` });
    }
    const ports2 = protocols.map((p) => number === 0 ? { kind: "all", protocol: p } : { kind: "numbers", protocol: p, from: number, to: range ? end : number });
    return { ports: ports2, zero: number === 0, protocol, range };
  }
  /** One entry of toPorts, with its L7 rules, server names or listener (allow rules only). */
  portRule(raw, what, line, section, hostPolicy) {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with ports`, line);
    const deny = section.endsWith("Deny");
    const ingress = section.startsWith("ingress");
    const misplaced = deny ? Object.fromEntries(PORT_RULE_FIELDS.filter((f) => f !== "ports").map((f) => [f, "deny rules have no L7 part"])) : {};
    this.unknown(raw, deny ? ["ports"] : PORT_RULE_FIELDS, what, line, misplaced);
    const items = listOf(raw["ports"], `${what}.ports`, line) ?? [];
    if (items.length > MAX_PORTS) throw new InvalidObject(`${what}: too many ports, the max is ${MAX_PORTS}`, line);
    const rules = deny ? void 0 : raw["rules"];
    let l7;
    let l7Type;
    if (present(rules)) {
      if (!isRecord(rules)) throw new InvalidObject(`${what}.rules must be a mapping (http, dns)`, line);
      this.unknown(rules, [...Object.keys(L7_TYPES), "l7"], `${what}.rules`, line);
      const types2 = Object.keys(L7_TYPES).filter((t) => present(rules[t]));
      if (types2.length > 1) throw new InvalidObject(`${what}.rules: multiple L7 protocol rule types specified in single rule`, line);
      const type2 = types2[0];
      const value = type2 === void 0 ? void 0 : rules[type2];
      if (type2 !== void 0 && type2 !== "l7proto" && !Array.isArray(value)) throw new InvalidObject(`${what}.rules.${type2} must be a list`, line);
      if (type2 === "l7proto" ? typeof value === "string" && value !== "" : Array.isArray(value) && value.length > 0) {
        l7Type = type2;
        l7 = type2 === "l7proto" ? `L7 ${String(value)}` : `L7 ${L7_TYPES[type2]}`;
      }
    }
    const dns = l7Type === "dns";
    if (dns && ingress) throw new InvalidObject(`${what}: DNS rules are not allowed on ingress`, line);
    if (hostPolicy && l7 && (ingress || !dns)) throw new InvalidObject(`${what}: ${ingress ? "L7 policy is not supported on host ingress yet" : `L7 protocol ${l7Type} is not supported on host egress yet`}`, line);
    const ports2 = [];
    items.forEach((item, i) => {
      const p = this.portProtocol(item, `${what}.ports[${i}]`, this.line(item, line), { dns });
      if (l7 && p.zero) throw new InvalidObject(`${what}: L7 rules can not be used when a port is 0`, line);
      if (l7 && !dns && p.protocol !== "TCP") throw new InvalidObject(`${what}: L7 rules can only apply to TCP (not ${p.protocol}) except for DNS rules`, line);
      ports2.push(...p.ports);
    });
    if (dns && items.length === 0) throw new InvalidObject(`${what}: port 53 must be specified for DNS rules`, line);
    const names = deny ? [] : listOf(raw["serverNames"], `${what}.serverNames`, line) ?? [];
    if (names.some((n) => n === "" || typeof n !== "string")) throw new InvalidObject(`${what}.serverNames: empty server name is not allowed`, line);
    if (names.length > 0 && l7 && !present(raw["terminatingTLS"])) throw new InvalidObject(`${what}: ServerNames are not allowed with L7 rules without TLS termination`, line);
    const listener = deny ? void 0 : raw["listener"];
    let listenerName;
    if (present(listener)) {
      listenerName = isRecord(listener) && typeof listener["name"] === "string" ? listener["name"] : "";
      if (ingress) throw new InvalidObject(`${what}: Listener is not allowed on ingress (${listenerName})`, line);
      if (l7) throw new InvalidObject(`${what}: Listener is not allowed with L7 rules (${listenerName})`, line);
    }
    const parts = [l7, names.length > 0 ? `SNI ${names.join(" ")}` : void 0, listenerName !== void 0 ? `listener ${listenerName}` : void 0].filter((p) => p !== void 0);
    return { ports: ports2, ...parts.length > 0 ? { l7: parts.join(" + ") } : {}, line };
  }
  // --- rules ---
  rule(raw, section, what, index, spec, hostPolicy) {
    const line = this.line(raw, this.obj.line);
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
    const deny = section.endsWith("Deny");
    const misplaced = deny ? { toFQDNs: "deny rules cannot name DNS names", authentication: "deny rules have no authentication" } : {};
    this.unknown(raw, SECTION_FIELDS[section], what, line, misplaced);
    const peers = this.peers(raw, section, what, line);
    const toPorts = listOf(raw["toPorts"], `${what}.toPorts`, line) ?? [];
    const icmps = listOf(raw["icmps"], `${what}.icmps`, line) ?? [];
    if (toPorts.length > 0 && icmps.length > 0) throw new InvalidObject(`${what}: the ICMPs block may only be present without ToPorts. Define a separate rule to use ToPorts`, line);
    for (const [i, icmp] of icmps.entries()) {
      const fields = isRecord(icmp) ? listOf(icmp["fields"], `${what}.icmps[${i}].fields`, line) : void 0;
      if (!fields) throw new InvalidObject(`${what}.icmps[${i}] must be a mapping with fields`, line);
      if (fields.length > MAX_PORTS) throw new InvalidObject(`${what}.icmps[${i}]: too many types, the max is ${MAX_PORTS}`, line);
      for (const f of fields) {
        const family = isRecord(f) ? f["family"] : void 0;
        if (present(family) && family !== "IPv4" && family !== "IPv6") throw new InvalidObject(`${what}.icmps[${i}]: wrong family: ${String(family)}`, line);
      }
    }
    const ports2 = icmps.length > 0 ? [] : toPorts.length === 0 ? "all" : toPorts.map((p, i) => this.portRule(p, `${what}.toPorts[${i}]`, this.line(p, line), section, hostPolicy));
    const notes = [];
    if (peers !== "any" && peers !== "none" && peers[0]?.kind === "fqdn") notes.push(`toFQDNs ${peers[0].names.join(" ")}`);
    const auth = deny ? void 0 : raw["authentication"];
    if (present(auth)) {
      const mode = isRecord(auth) ? auth["mode"] : void 0;
      if (mode !== "disabled" && mode !== "required" && mode !== "test-always-fail") throw new InvalidObject(`${what}.authentication.mode must be disabled, required or test-always-fail`, line);
      if (mode !== "disabled") notes.push(`mutual auth${mode === "required" ? "" : ` (${mode})`}`);
    }
    return {
      index,
      section,
      action: deny ? "deny" : "allow",
      line,
      spec,
      // no peer and no port: the rule puts the pods in default deny and allows nothing (pkg/policy/rule.go mergeL4Filter)
      peers: peers === "any" && ports2 === "all" ? "none" : peers,
      ports: ports2,
      ...notes.length > 0 ? { note: notes.join(" + ") } : {},
      ...icmps.length > 0 ? { icmpOnly: true } : {}
    };
  }
  /** One rule of spec or specs; `path` is empty for a lone spec (its rules are named `ingress[0]`), else `spec` or `specs[i]`. */
  specRule(raw, prefixPath, spec, out) {
    const path = prefixPath || "spec";
    const line = this.line(raw, this.obj.line);
    if (!isRecord(raw)) throw new InvalidObject(`${path} must be a mapping`, line);
    this.unknown(raw, RULE_FIELDS, path, line);
    const sections = /* @__PURE__ */ new Map();
    for (const s of ["ingress", "ingressDeny", "egress", "egressDeny"]) sections.set(s, listOf(raw[s], `${path}.${s}`, this.line(raw[s], line)));
    if ([...sections.values()].every((l) => !l || l.length === 0)) {
      throw new InvalidObject(`${path}: rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny`, line);
    }
    const endpointSelector = raw["endpointSelector"];
    const nodeSelector = raw["nodeSelector"];
    if (!present(endpointSelector) && !present(nodeSelector)) throw new InvalidObject(`${path}: rule must have one of EndpointSelector or NodeSelector`, line);
    if (present(endpointSelector) && present(nodeSelector)) throw new InvalidObject(`${path}: rule cannot have both EndpointSelector and NodeSelector`, line);
    if (present(nodeSelector) && this.kind === "CiliumNetworkPolicy") throw new InvalidObject(`${path}: rule cannot have NodeSelector (host policies are CiliumClusterwideNetworkPolicies)`, line);
    let subject;
    if (present(endpointSelector)) {
      subject = this.selector(endpointSelector, `${path}.endpointSelector`, this.line(endpointSelector, line), "subject");
    } else {
      this.selector(nodeSelector, `${path}.nodeSelector`, this.line(nodeSelector, line), "subject", []);
      this.note(line, `${path}.nodeSelector: host policies apply to nodes (with the host firewall enabled), which are not endpoints of the manifests; this rule is not modelled`);
    }
    const enable = raw["enableDefaultDeny"];
    const enableDefaultDeny = {};
    if (present(enable)) {
      if (!isRecord(enable)) throw new InvalidObject(`${path}.enableDefaultDeny must be a mapping with ingress and egress`, line);
      this.unknown(enable, ["ingress", "egress"], `${path}.enableDefaultDeny`, line);
      for (const d of ["ingress", "egress"]) {
        const v = enable[d];
        if (!present(v)) continue;
        if (typeof v !== "boolean") throw new InvalidObject(`${path}.enableDefaultDeny.${d} must be true or false`, line);
        enableDefaultDeny[d] = v;
      }
    }
    this.metadataFields(raw, path, line);
    const prefix = prefixPath === "" ? "" : `${prefixPath}.`;
    const emptySections = [];
    for (const [section, list2] of sections) {
      if (list2?.length === 0) emptySections.push({ section, line: this.line(raw[section], line) });
      const into = section.startsWith("ingress") ? out.ingress : out.egress;
      (list2 ?? []).forEach((item, i) => into.push(this.rule(item, section, `${path}.${section}[${i}]`, into.length, spec, present(nodeSelector))));
    }
    const has = (d) => (sections.get(d)?.length ?? 0) + (sections.get(`${d}Deny`)?.length ?? 0) > 0;
    return { path, prefix, line, subject, enableDefaultDeny, has: { ingress: has("ingress"), egress: has("egress") }, emptySections };
  }
  /** labels, description and log: metadata, checked as the CRD does. */
  metadataFields(raw, path, line) {
    for (const [i, l] of (listOf(raw["labels"], `${path}.labels`, line) ?? []).entries()) {
      if (!isRecord(l) || typeof l["key"] !== "string") throw new InvalidObject(`${path}.labels[${i}] needs a key`, line);
    }
    if (present(raw["description"]) && typeof raw["description"] !== "string") throw new InvalidObject(`${path}.description must be a string`, line);
    const log = raw["log"];
    if (present(log)) {
      const value = isRecord(log) ? log["value"] : void 0;
      if (present(value) && (typeof value !== "string" || value.length > 32 || !/^[\x20-\x7e]*$/.test(value))) {
        throw new InvalidObject(`${path}.log.value must be at most 32 printable characters`, line);
      }
    }
  }
};
function ruleName(p, rule) {
  const list2 = rule.section.startsWith("ingress") ? p.ingress : p.egress;
  const position = list2.filter((r) => r.spec === rule.spec && r.section === rule.section && r.index < rule.index).length;
  return `${p.specs[rule.spec].prefix}${rule.section}[${position}]`;
}
function readCiliumPolicy(obj2, kind, defaultNamespace) {
  const name = optionalString(obj2.body, "metadata", "name");
  if (!name) throw new InvalidObject(`${kind} has no metadata.name`);
  const namespace = kind === "CiliumNetworkPolicy" ? optionalString(obj2.body, "metadata", "namespace") || defaultNamespace : void 0;
  const r = new Reader2(obj2, kind, namespace);
  const spec = obj2.body["spec"];
  const specs = listOf(obj2.body["specs"], "specs", obj2.line);
  if (!present(spec) && !specs) throw new InvalidObject("spec or specs must be provided");
  const both = present(spec) && specs !== void 0;
  const rules = [
    ...present(spec) ? [{ raw: spec, path: both ? "spec" : "" }] : [],
    ...(specs ?? []).map((raw, i) => ({ raw, path: `specs[${i}]` }))
  ];
  const out = { ingress: [], egress: [] };
  const specRules = rules.map((x, i) => r.specRule(x.raw, x.path, i, out));
  const policy = {
    kind,
    name,
    ...namespace !== void 0 ? { namespace } : {},
    source: { file: obj2.file, line: obj2.line },
    specs: specRules,
    ingress: out.ingress,
    egress: out.egress,
    unknownFields: r.unknownFields,
    portQuirks: r.portQuirks
  };
  return { policy, notes: r.notes };
}

// src/policy/cilium/kind.ts
function selected(s, r) {
  const pods = s.noPod ? r.noWorkload : r.pods(s.namespaces, s.pods);
  return s.nodes ? r.union(pods, r.hostNetworkWorkloads) : pods;
}
function entity(name, r) {
  switch (name) {
    case "all":
      return { classes: r.everyWorkload, addresses: ALL_IPV4 };
    case "world":
      return { classes: r.noWorkload, addresses: ALL_IPV4 };
    case "cluster":
    case "cluster-mesh":
      return { classes: r.everyWorkload, addresses: EMPTY };
    case "host":
    case "remote-node":
      return { classes: r.hostNetworkWorkloads, addresses: EMPTY };
    default:
      return { classes: r.noWorkload, addresses: EMPTY };
  }
}
function peer(p, r) {
  switch (p.kind) {
    case "endpoints":
      return { classes: selected(p.selector, r), addresses: p.selector.world ? ALL_IPV4 : EMPTY };
    case "entity":
      return entity(p.entity, r);
    case "cidr":
      return { classes: r.noWorkload, addresses: p.addresses };
    case "fqdn":
      return { classes: r.noWorkload, addresses: ALL_IPV4 };
    case "unmodelled":
      return { classes: r.noWorkload, addresses: EMPTY };
  }
}
function ruleSpecs(policy, rule, r) {
  let classes = r.noWorkload;
  let addresses = EMPTY;
  if (rule.peers === "any") {
    classes = r.everyWorkload;
    addresses = ALL_IPV4;
  } else if (rule.peers !== "none") {
    for (const p of rule.peers) {
      const m = peer(p, r);
      classes = r.union(classes, m.classes);
      addresses = union(addresses, m.addresses);
    }
  }
  const base = { action: rule.action, classes, addresses, index: rule.index, name: ruleName(policy, rule), line: rule.line, rule };
  if (rule.ports === "all") return [{ ...base, ports: "all", ...rule.note ? { note: rule.note } : {} }];
  const byNote = /* @__PURE__ */ new Map();
  for (const pr of rule.ports) {
    const note = [rule.note, pr.l7].filter((n) => n !== void 0).join(" + ");
    const list2 = byNote.get(note);
    if (list2) list2.push(...pr.ports);
    else byNote.set(note, [...pr.ports]);
  }
  if (byNote.size === 0) byNote.set(rule.note ?? "", []);
  return [...byNote].map(([note, ports2]) => ({ ...base, ports: ports2, ...note ? { note } : {} }));
}
function compile(policy, r) {
  const steps = [];
  policy.specs.forEach((spec, i) => {
    if (!spec.subject) return;
    const subject = selected(spec.subject, r);
    for (const direction of ["ingress", "egress"]) {
      if (!spec.has[direction]) continue;
      const rules = policy[direction].filter((rule) => rule.spec === i).flatMap((rule) => ruleSpecs(policy, rule, r));
      steps.push({ tier: NETWORK_POLICY_TIER, order: 0, direction, subject, isolates: spec.enableDefaultDeny[direction] !== false, rules });
    }
  });
  return steps;
}
function selectorPeers(policy) {
  const out = [];
  for (const rule of [...policy.ingress, ...policy.egress]) {
    if (rule.peers === "any" || rule.peers === "none") continue;
    for (const p of rule.peers) {
      if (p.kind !== "endpoints" || p.selector.noPod) continue;
      if (isMatchAll(p.selector.namespaces) && isMatchAll(p.selector.pods)) continue;
      out.push({ namespaces: { selector: p.selector.namespaces }, pods: { selector: p.selector.pods } });
    }
  }
  return out;
}
function selection(p) {
  return p.specs.map((s) => [s.subject ? [s.subject.namespaces.key, s.subject.pods.key, s.subject.noPod] : "nodes", s.enableDefaultDeny, s.has]);
}
var ciliumNetworkPolicyKind = {
  kind: "CiliumNetworkPolicy",
  group: "cilium.io",
  versions: ["v2"],
  plural: "CiliumNetworkPolicies",
  namespaced: true,
  ordered: false,
  read: (obj2, ctx) => readCiliumPolicy(obj2, "CiliumNetworkPolicy", ctx.defaultNamespace),
  rules: (p, direction) => p[direction],
  selection,
  compile,
  selectorPeers
};
var ciliumClusterwideNetworkPolicyKind = {
  ...ciliumNetworkPolicyKind,
  kind: "CiliumClusterwideNetworkPolicy",
  plural: "CiliumClusterwideNetworkPolicies",
  namespaced: false,
  read: (obj2, ctx) => readCiliumPolicy(obj2, "CiliumClusterwideNetworkPolicy", ctx.defaultNamespace)
};

// src/policy/calico/selector.ts
var MAX_LABEL_LENGTH = 512;
var ParseError = class extends Error {
  constructor(message, position) {
    super(message);
    this.position = position;
  }
  position;
};
function isLabelChar(c) {
  return c !== void 0 && /[a-zA-Z0-9_./-]/.test(c);
}
function isBlank(c) {
  return c === " " || c === "	";
}
function describeChar(c) {
  if (c === "\n" || c === "\r") return "line break (a selector is one line)";
  return `character ${JSON.stringify(c)}`;
}
function tokenize(text) {
  const tokens = [];
  let i = 0;
  const skipBlanks = () => {
    while (isBlank(text[i])) i++;
  };
  const label2 = () => {
    const start = i;
    while (isLabelChar(text[i])) i++;
    if (i === start) {
      throw new ParseError(i < text.length ? `unexpected ${describeChar(text[i])}` : "unexpected end of selector, expected a label", i);
    }
    if (i - start > MAX_LABEL_LENGTH) throw new ParseError(`label is longer than ${MAX_LABEL_LENGTH} characters`, start);
    return text.slice(start, i);
  };
  const words = (...ws) => {
    let j = i;
    for (const [k, w] of ws.entries()) {
      if (!text.startsWith(w, j)) return false;
      j += w.length;
      if (k < ws.length - 1) while (isBlank(text[j])) j++;
    }
    if (isLabelChar(text[j])) return false;
    i = j;
    return true;
  };
  const call2 = (name, withLabel) => {
    if (!text.startsWith(`${name}(`, i)) return void 0;
    const start = i;
    i += name.length + 1;
    skipBlanks();
    const inside = withLabel ? label2() : "";
    skipBlanks();
    if (text[i] !== ")") throw new ParseError(`no closing ")" after ${name}(`, start);
    i++;
    return inside;
  };
  for (; ; ) {
    skipBlanks();
    const start = i;
    const c = text[i];
    const push = (kind, value = "") => tokens.push({ kind, value, position: start });
    if (c === void 0) {
      push("end");
      return tokens;
    }
    switch (c) {
      case "(":
      case ")":
      case "{":
      case "}":
      case ",":
        i++;
        push(c);
        continue;
      case '"':
      case "'": {
        const close = text.indexOf(c, i + 1);
        if (close < 0) throw new ParseError("unterminated string", i);
        push("string", text.slice(i + 1, close));
        i = close + 1;
        continue;
      }
      case "=":
        if (text[i + 1] !== "=") throw new ParseError('expected "==" (a single "=" is not an operator)', i);
        i += 2;
        push("==");
        continue;
      case "!":
        if (text[i + 1] === "=") {
          i += 2;
          push("!=");
        } else {
          i++;
          push("!");
        }
        continue;
      case "&":
      case "|":
        if (text[i + 1] !== c) throw new ParseError(`expected "${c}${c}"`, i);
        i += 2;
        push(c === "&" ? "&&" : "||");
        continue;
    }
    if (tokens.at(-1)?.kind === "label") {
      if (words("contains")) push("contains");
      else if (words("starts", "with")) push("starts with");
      else if (words("ends", "with")) push("ends with");
      else if (words("not", "in")) push("not in");
      else if (words("in")) push("in");
      else throw new ParseError(`expected an operator after label "${tokens.at(-1).value}"`, i);
      continue;
    }
    const has = call2("has", true);
    if (has !== void 0) {
      push("has", has);
      continue;
    }
    if (call2("all", false) !== void 0) {
      push("all");
      continue;
    }
    if (call2("global", false) !== void 0) {
      push("global");
      continue;
    }
    push("label", label2());
  }
}
function describe(t) {
  switch (t.kind) {
    case "label":
      return `label "${t.value}"`;
    case "string":
      return `string "${t.value}"`;
    case "end":
      return "the end of the selector";
    case "has":
      return `has(${t.value})`;
    case "all":
    case "global":
      return `${t.kind}()`;
    default:
      return `"${t.kind}"`;
  }
}
var Parser = class {
  constructor(tokens) {
    this.tokens = tokens;
  }
  tokens;
  at = 0;
  peek(offset = 0) {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)];
  }
  parseRoot() {
    if (this.peek().kind === "end") return { op: "all" };
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== "end") throw new ParseError(`unexpected ${describe(rest)} after a complete expression (join terms with && or ||)`, rest.position);
    return expr;
  }
  or() {
    const exprs = [this.and()];
    while (this.peek().kind === "||") {
      this.at++;
      exprs.push(this.and());
    }
    return exprs.length === 1 ? exprs[0] : { op: "or", exprs };
  }
  and() {
    const exprs = [this.operation()];
    while (this.peek().kind === "&&") {
      this.at++;
      exprs.push(this.operation());
    }
    return exprs.length === 1 ? exprs[0] : { op: "and", exprs };
  }
  operation() {
    let negated = false;
    while (this.peek().kind === "!") {
      negated = !negated;
      this.at++;
    }
    const expr = this.term();
    return negated ? { op: "not", expr } : expr;
  }
  string(after) {
    const t = this.peek();
    if (t.kind !== "string") throw new ParseError(`expected a quoted string after ${describe(after)}, found ${describe(t)}`, t.position);
    this.at++;
    return t.value;
  }
  term() {
    const t = this.peek();
    switch (t.kind) {
      case "has":
        this.at++;
        return { op: "has", label: t.value };
      case "all":
        this.at++;
        return { op: "all" };
      case "global":
        this.at++;
        return { op: "global" };
      case "(": {
        this.at++;
        const inner = this.or();
        const close = this.peek();
        if (close.kind !== ")") throw new ParseError(`expected ")" to close the "(" at ${t.position + 1}, found ${describe(close)}`, close.position);
        this.at++;
        return inner;
      }
      case "label": {
        this.at++;
        const op = this.peek();
        switch (op.kind) {
          case "==":
          case "!=":
          case "contains":
          case "starts with":
          case "ends with":
            this.at++;
            return { op: op.kind, label: t.value, value: this.string(op) };
          case "in":
          case "not in": {
            this.at++;
            const open = this.peek();
            if (open.kind !== "{") throw new ParseError(`expected a set literal "{...}" after ${describe(op)}, found ${describe(open)}`, open.position);
            this.at++;
            const values = [];
            while (this.peek().kind === "string") {
              values.push(this.peek().value);
              this.at++;
              if (this.peek().kind !== ",") break;
              this.at++;
            }
            const close = this.peek();
            if (close.kind !== "}") throw new ParseError(`expected a quoted string, "," or "}" in the set literal, found ${describe(close)}`, close.position);
            this.at++;
            return { op: op.kind, label: t.value, values: [...new Set(values)].sort() };
          }
          default:
            throw new ParseError(`expected an operator (==, !=, in, not in, contains, starts with, ends with) after ${describe(t)}, found ${describe(op)}`, op.position);
        }
      }
      default:
        throw new ParseError(`expected a label, has(), all(), global(), "!" or "(", found ${describe(t)}`, t.position);
    }
  }
};
function parseCalicoSelector(text) {
  try {
    return { expr: new Parser(tokenize(text)).parseRoot() };
  } catch (e) {
    if (e instanceof ParseError) return { error: { message: e.message, position: e.position } };
    throw e;
  }
}
var PLAIN = { all: true, global: true };
function evaluate2(expr, get, fns = PLAIN) {
  switch (expr.op) {
    case "all":
      return fns.all;
    case "global":
      return fns.global;
    case "has":
      return get(expr.label) !== void 0;
    case "==":
      return get(expr.label) === expr.value;
    case "!=":
      return get(expr.label) !== expr.value;
    case "contains": {
      const v = get(expr.label);
      return v !== void 0 && v.includes(expr.value);
    }
    case "starts with": {
      const v = get(expr.label);
      return v !== void 0 && v.startsWith(expr.value);
    }
    case "ends with": {
      const v = get(expr.label);
      return v !== void 0 && v.endsWith(expr.value);
    }
    case "in": {
      const v = get(expr.label);
      return v !== void 0 && expr.values.includes(v);
    }
    case "not in": {
      const v = get(expr.label);
      return v === void 0 || !expr.values.includes(v);
    }
    case "not":
      return !evaluate2(expr.expr, get, fns);
    case "and":
      return expr.exprs.every((e) => evaluate2(e, get, fns));
    case "or":
      return expr.exprs.some((e) => evaluate2(e, get, fns));
  }
}
function quote(value) {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}
function formatCalicoSelector(expr) {
  const inner = (e, parent) => {
    switch (e.op) {
      case "all":
      case "global":
        return `${e.op}()`;
      case "has":
        return `has(${e.label})`;
      case "in":
      case "not in":
        return `${e.label} ${e.op} {${e.values.map(quote).join(", ")}}`;
      case "not":
        return `!${inner(e.expr, "not")}`;
      case "and": {
        const text = e.exprs.map((x) => inner(x, "and")).join(" && ");
        return parent === "not" ? `(${text})` : text;
      }
      case "or": {
        const text = e.exprs.map((x) => inner(x, "or")).join(" || ");
        return parent === "top" || parent === "or" ? text : `(${text})`;
      }
      default:
        return `${e.label} ${e.op} ${quote(e.value)}`;
    }
  };
  return inner(expr, "top");
}
function conjuncts(expr) {
  return expr.op === "and" ? expr.exprs.flatMap(conjuncts) : [expr];
}
function labelsOf(expr) {
  switch (expr.op) {
    case "all":
    case "global":
      return [];
    case "not":
      return labelsOf(expr.expr);
    case "and":
    case "or":
      return expr.exprs.flatMap(labelsOf);
    default:
      return [expr.label];
  }
}
function usesGlobal(expr) {
  switch (expr.op) {
    case "global":
      return true;
    case "not":
      return usesGlobal(expr.expr);
    case "and":
    case "or":
      return expr.exprs.some(usesGlobal);
    default:
      return false;
  }
}

// src/policy/calico/compile.ts
var NAMESPACE_LABEL = "projectcalico.org/namespace";
var ORCHESTRATOR_LABEL = "projectcalico.org/orchestrator";
var SERVICE_ACCOUNT_LABEL = "projectcalico.org/serviceaccount";
var NAME_LABEL = "projectcalico.org/name";
var NAMESPACE_PREFIX = "pcns.";
var SERVICE_ACCOUNT_PREFIX = "pcsa.";
var MAX_SERVICE_ACCOUNT_LABEL = 62;
function serviceAccountLabel(ctx) {
  const sa = ctx.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT;
  return sa.length <= MAX_SERVICE_ACCOUNT_LABEL ? sa : void 0;
}
function podLookup(labels, ctx) {
  return (key2) => {
    if (key2 === NAMESPACE_LABEL) return ctx.namespace;
    if (key2 === ORCHESTRATOR_LABEL) return "k8s";
    if (key2 === SERVICE_ACCOUNT_LABEL) {
      const sa = serviceAccountLabel(ctx);
      if (sa !== void 0) return sa;
    }
    if (Object.prototype.hasOwnProperty.call(labels, key2)) return labels[key2];
    if (key2.startsWith(NAMESPACE_PREFIX)) return namespaceLookup(ctx.namespace, ctx.namespaceLabels)(key2.slice(NAMESPACE_PREFIX.length));
    if (key2.startsWith(SERVICE_ACCOUNT_PREFIX)) return serviceAccountLookup(ctx)(key2.slice(SERVICE_ACCOUNT_PREFIX.length));
    return void 0;
  };
}
function namespaceLookup(name, labels) {
  return (key2) => key2 === NAME_LABEL ? name : Object.prototype.hasOwnProperty.call(labels, key2) ? labels[key2] : void 0;
}
function serviceAccountLookup(ctx) {
  const labels = ctx.serviceAccountLabels ?? {};
  return (key2) => key2 === NAME_LABEL ? ctx.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT : Object.prototype.hasOwnProperty.call(labels, key2) ? labels[key2] : void 0;
}
var KEY = "(calico) ";
var NAMESPACE_FUNCTIONS = { all: true, global: false };
function impliedValues(expr, label2) {
  const out = [];
  for (const c of conjuncts(expr)) {
    let values;
    if (c.op === "==") values = [c.value];
    else if (c.op === "in") values = c.values;
    else continue;
    const key2 = label2(c.label);
    if (key2 === void 0) continue;
    if (values.length > 0) out.push({ key: key2, operator: "In", values });
  }
  return out;
}
function ownLabel(key2) {
  if (key2 === NAMESPACE_LABEL || key2 === ORCHESTRATOR_LABEL || key2 === SERVICE_ACCOUNT_LABEL) return void 0;
  return key2.startsWith(NAMESPACE_PREFIX) || key2.startsWith(SERVICE_ACCOUNT_PREFIX) ? void 0 : key2;
}
function podCondition(expr, prefix = "") {
  const namespaces = impliedValues(expr, (k) => k === NAMESPACE_LABEL ? k : void 0)[0]?.values;
  return {
    text: `${prefix}${formatCalicoSelector(expr)}`,
    test: (labels, ctx) => evaluate2(expr, podLookup(labels, ctx)),
    requirements: impliedValues(expr, ownLabel),
    ...namespaces ? { namespaces } : {}
  };
}
function serviceAccountCondition(expr, allMeansLabelled) {
  return {
    text: `sa(${formatCalicoSelector(expr)}${allMeansLabelled ? ", all=labelled" : ""})`,
    // globalnetworkpolicyprocessor.go turns all() into has(projectcalico.org/serviceaccount)
    test: (_, ctx) => evaluate2(expr, serviceAccountLookup(ctx), { all: !allMeansLabelled || serviceAccountLabel(ctx) !== void 0, global: true }),
    requirements: []
  };
}
function serviceAccountNames(names) {
  const set2 = [...new Set(names)].sort();
  return {
    text: `sa-names(${set2.map((n) => JSON.stringify(n)).join(",")})`,
    test: (labels, ctx) => {
      const v = podLookup(labels, ctx)(SERVICE_ACCOUNT_LABEL);
      return v !== void 0 && set2.includes(v);
    },
    requirements: []
  };
}
function podSelector(conditions) {
  if (conditions.length === 0) return void 0;
  const key2 = KEY + conditions.map((c) => c.text).join(" && ");
  const requirements = conditions.flatMap((c) => c.requirements);
  return selectorWithTest(key2, requirements, (labels, ctx) => conditions.every((c) => c.test(labels, ctx)));
}
function namespaceSelector(expr, names) {
  if (!expr && !names) return MATCH_ALL;
  const requirements = [];
  if (names) requirements.push({ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...names].sort() });
  if (expr) requirements.push(...impliedValues(expr, (k) => k === NAME_LABEL ? NAMESPACE_NAME_LABEL : k));
  const text = `${expr ? formatCalicoSelector(expr) : "all()"}${names ? ` names(${[...names].sort().join(",")})` : ""}`;
  return selectorWithTest(`${KEY}ns ${text}`, requirements, (labels, ctx) => {
    if (names && !names.includes(ctx.namespace)) return false;
    return !expr || evaluate2(expr, namespaceLookup(ctx.namespace, labels), NAMESPACE_FUNCTIONS);
  });
}
function impliedNamespaces(conditions) {
  let names;
  for (const c of conditions) {
    if (!c.namespaces) continue;
    names = names ? names.filter((n) => c.namespaces.includes(n)) : [...c.namespaces];
  }
  return names;
}
function policySubject(policy, r) {
  const s = subjectSelection(policy);
  return r.pods(s.namespaces, s.pods);
}
function entitySelection(policy, e) {
  const conditions = [];
  if (e.serviceAccounts) {
    if (e.serviceAccounts.selector) conditions.push(serviceAccountCondition(e.serviceAccounts.selector.expr, false));
    if (e.serviceAccounts.names.length > 0) conditions.push(serviceAccountNames(e.serviceAccounts.names));
  }
  if (e.selector) conditions.push(podCondition(e.selector.expr));
  const scoped = e.namespaceSelector !== void 0 || policy.namespace !== void 0;
  const positive = conditions.length > 0 || scoped && (e.notSelector !== void 0 || e.namespaceSelector !== void 0);
  if (!positive) return void 0;
  const pods = podSelector(conditions);
  if (e.namespaceSelector) return { namespaces: namespaceSelector(e.namespaceSelector.expr, impliedNamespaces(conditions)), pods };
  if (policy.namespace !== void 0) return { namespaces: policy.namespace, pods };
  return { namespaces: namespaceSelector(void 0, impliedNamespaces(conditions)), pods };
}
function notSelection(expr) {
  const not = podCondition(expr);
  return { namespaces: namespaceSelector(void 0, not.namespaces), pods: podSelector([not]) };
}
function subjectSelection(policy) {
  const conditions = [podCondition(policy.selector.expr)];
  if (policy.serviceAccountSelector) conditions.push(serviceAccountCondition(policy.serviceAccountSelector.expr, policy.namespace === void 0));
  const pods = podSelector(conditions);
  if (policy.namespace !== void 0) return { namespaces: policy.namespace, pods };
  return { namespaces: namespaceSelector(policy.namespaceSelector?.expr, impliedNamespaces(conditions)), pods };
}
function sideMatch(policy, e, r, uncertain, what, line) {
  const positive = entitySelection(policy, e);
  let classes = positive ? r.pods(positive.namespaces, positive.pods) : r.everyWorkload;
  let addresses = positive ? EMPTY : ALL_IPV4;
  if (e.notSelector) {
    const not = notSelection(e.notSelector.expr);
    classes = r.subtract(classes, r.pods(not.namespaces, not.pods));
  }
  if (e.nets || e.notNets) {
    const within = subtract(e.nets?.addresses ?? ALL_IPV4, e.notNets?.addresses ?? EMPTY);
    addresses = intersect(addresses, within);
    classes = r.intersect(classes, podsWithin(policy, within, e, r, uncertain, what, line));
  }
  return { classes, addresses };
}
function podsWithin(policy, within, e, r, uncertain, what, line) {
  if (covers(within, ALL_IPV4)) return r.everyWorkload;
  const pod = r.podNetwork();
  if (pod && covers(within, pod)) return r.selectableWorkloads;
  const overlap2 = pod ? !isEmpty(intersect(within, pod)) : !isEmpty(intersect(within, PRIVATE_RANGES));
  if (!overlap2) return MATCH_NO_CLASS;
  const cidrs = [...e.nets ? [`nets ${e.nets.cidrs.join(", ")}`] : [], ...e.notNets ? [`notNets ${e.notNets.cidrs.join(", ")}`] : []].join(" and ");
  const why = pod ? "they split the pod network" : "no pod network is given with --pod-cidr";
  const label2 = `${policy.kind} ${policy.namespace !== void 0 ? `${policy.namespace}/` : ""}${policy.name}`;
  const at = { file: policy.source.file, line };
  if (uncertain === void 0) {
    r.warn(Codes.unsupported, at, `${label2}: ${what} ${cidrs}: whether pod IPs match is not known (${why}), so only external addresses are matched`);
    return MATCH_NO_CLASS;
  }
  r.warn(Codes.unsupported, at, `${label2}: ${what} ${cidrs}: whether the policy's own pods match is not known (${why}), so the rule is taken to ${uncertain === "match" ? "apply to them" : "apply to none of them"}`);
  return uncertain === "match" ? r.everyWorkload : MATCH_NO_CLASS;
}
function protocolsOf(rule) {
  let out = rule.protocol ? rule.protocol.modelled ? [rule.protocol.modelled] : [] : [...PROTOCOLS];
  if (rule.notProtocol?.modelled) out = out.filter((p) => p !== rule.notProtocol.modelled);
  return out;
}
function portList(ports2, protocols) {
  return ports2.flatMap(
    (p) => p.kind === "range" ? protocols.map((protocol) => ({ kind: "numbers", protocol, from: p.from, to: p.to })) : protocols.length === PROTOCOLS.length ? [{ kind: "named", protocol: void 0, name: p.name }] : protocols.map((protocol) => ({ kind: "named", protocol, name: p.name }))
  );
}
function rulePorts(rule) {
  const protocols = protocolsOf(rule);
  const d = rule.destination;
  const include = d.ports ? portList(d.ports, protocols) : protocols.length === PROTOCOLS.length ? "all" : protocols.map((protocol) => ({ kind: "all", protocol }));
  if (!d.notPorts) return include;
  return { include, exclude: portList(d.notPorts, [...PROTOCOLS]) };
}
function constrains(e) {
  return e.selector !== void 0 || e.notSelector !== void 0 || e.namespaceSelector !== void 0 || e.serviceAccounts !== void 0 || e.nets !== void 0 || e.notNets !== void 0;
}
function compileRule(policy, rule, direction, r) {
  if (rule.action === "Log") return void 0;
  if (rule.ipVersion === 6 || [rule.source, rule.destination].some((e) => e.nets?.ipv6 || e.notNets?.ipv6)) return void 0;
  const ports2 = rulePorts(rule);
  if (Array.isArray(ports2) && ports2.length === 0) return void 0;
  const allow = rule.action === "Allow";
  const remote = direction === "ingress" ? rule.source : rule.destination;
  const local = direction === "ingress" ? rule.destination : rule.source;
  if (!allow && (remote.services || rule.source.ports || rule.source.notPorts)) return void 0;
  const what = `${direction} rule ${rule.index}`;
  let match = remote.services ? { classes: r.everyWorkload, addresses: ALL_IPV4 } : sideMatch(policy, remote, r, void 0, `${what} ${direction === "ingress" ? "source" : "destination"}`, rule.line);
  if (remote.namespaceSelector?.expr.op === "global") match = { classes: MATCH_NO_CLASS, addresses: EMPTY };
  const localMatch = constrains(local) ? sideMatch(policy, local, r, allow ? "match" : "no-match", `${what} ${direction === "ingress" ? "destination" : "source"}`, rule.line).classes : void 0;
  const action = allow ? "allow" : rule.action === "Deny" ? "deny" : "pass";
  return { spec: { action, classes: match.classes, addresses: match.addresses, ports: ports2, index: rule.index, line: rule.line, rule }, local: localMatch };
}
function compileCalicoPolicy(policy, r) {
  if (policy.hostEndpointsOnly) return [];
  const tier2 = r.tiers.named(policy.tier) ?? r.tiers.networkPolicy;
  const subject = policySubject(policy, r);
  const tieBreak = r.tiers.tieBreak(policy.kind, policy.name, policy.namespace);
  const order = policy.order ?? Infinity;
  const isolates = tier2.endAction === "deny";
  const steps = [];
  for (const direction of ["ingress", "egress"]) {
    if (!policy.types[direction]) continue;
    const rules = policy[direction].map((rule) => compileRule(policy, rule, direction, r)).filter((c) => c !== void 0);
    if (rules.every((c) => c.local === void 0)) {
      steps.push({ tier: tier2, order, tieBreak, direction, subject, isolates, rules: rules.map((c) => c.spec) });
      continue;
    }
    const localSets = rules.map((c) => c.local ? new Set(r.classList(c.local)) : void 0);
    const groups = /* @__PURE__ */ new Map();
    for (const c of r.classList(subject)) {
      const applies = rules.filter((_, i) => localSets[i]?.has(c) ?? true);
      const key2 = applies.map((x) => x.spec.index).join(",");
      let g = groups.get(key2);
      if (!g) {
        g = { classes: [], rules: applies.map((x) => x.spec) };
        groups.set(key2, g);
      }
      g.classes.push(c);
    }
    for (const g of groups.values()) steps.push({ tier: tier2, order, tieBreak, direction, subject: { kind: "set", classes: Int32Array.from(g.classes) }, isolates, rules: g.rules });
  }
  return steps;
}
function selectorText(s) {
  return s.key.startsWith(KEY) ? s.key.slice(KEY.length).replace(/^ns /, "") : s.key;
}
function calicoSelectorPeers(policy) {
  const out = [];
  for (const direction of ["ingress", "egress"]) {
    if (!policy.types[direction]) continue;
    for (const rule of policy[direction]) {
      const side = entitySelection(policy, direction === "ingress" ? rule.source : rule.destination);
      if (!side) continue;
      const pods = side.pods ? { selector: side.pods, text: selectorText(side.pods) } : void 0;
      const namespaces = typeof side.namespaces === "string" ? { name: side.namespaces } : { selector: side.namespaces, text: selectorText(side.namespaces) };
      out.push({ namespaces, ...pods ? { pods } : {} });
    }
  }
  return out;
}

// src/policy/calico/types.ts
var BUILTIN_TIERS = /* @__PURE__ */ new Map([
  ["kube-admin", { order: 1e3, defaultAction: "Pass" }],
  ["default", { order: 1e6, defaultAction: "Deny" }],
  ["kube-baseline", { order: 1e7, defaultAction: "Pass" }]
]);
var KUBERNETES_NETWORK_POLICY_ORDER = 1e3;

// src/policy/calico/read.ts
var LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
var SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
var NETWORK_POLICY_NAME = new RegExp(`^((${LABEL})(\\.${LABEL})?|((knp|ossg)\\.default\\.(${SUBDOMAIN})))$`);
var GLOBAL_NETWORK_POLICY_NAME = new RegExp(`^(${LABEL}\\.)?${LABEL}$`);
var TIER_NAME = new RegExp(`^${LABEL}$`);
var MAX_NAME = 253;
var MAX_TIER_NAME = 63;
var MAX_SELECTOR = 1024;
var PORT_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
var PROTOCOL_NUMBERS = { TCP: 6, UDP: 17, ICMP: 1, ICMPv6: 58, SCTP: 132, UDPLite: 136 };
var MODELLED = { 6: "TCP", 17: "UDP", 132: "SCTP" };
var ACTIONS = ["Allow", "Deny", "Pass", "Log"];
function isSet(v) {
  return v !== void 0 && v !== null;
}
function readName(obj2, form, defaultTier) {
  const meta = obj2.body["metadata"];
  const name = isRecord(meta) && typeof meta["name"] === "string" ? meta["name"] : void 0;
  if (!form.storage) return name;
  const annotations = isRecord(meta) ? meta["annotations"] : void 0;
  const stored = isRecord(annotations) ? annotations["projectcalico.org/metadata"] : void 0;
  if (typeof stored === "string") {
    try {
      const parsed2 = JSON.parse(stored);
      if (isRecord(parsed2) && typeof parsed2["name"] === "string" && parsed2["name"] !== "") return parsed2["name"];
    } catch {
    }
  }
  return defaultTier && name?.startsWith("default.") ? name.slice("default.".length) : name;
}
function storageNote(obj2, form, kind, notes) {
  if (!form.storage) return;
  notes.push({
    line: obj2.line,
    code: WarningCodes.calicoStorageForm,
    message: `read from ${kind} of crd.projectcalico.org/v1, the form Calico stores objects in, not the API to apply them with (projectcalico.org/v3); analysed as the same ${kind}`
  });
}
function readSelector(raw, what, line) {
  if (raw === void 0 || raw === null || raw === "") return void 0;
  if (typeof raw !== "string") throw new InvalidObject(`${what} must be a selector string`, line);
  if (raw.length > MAX_SELECTOR) throw new InvalidObject(`${what} is longer than ${MAX_SELECTOR} characters`, line);
  const parsed2 = parseCalicoSelector(raw);
  if ("error" in parsed2) throw new InvalidObject(`${what} ${JSON.stringify(raw)} does not parse: ${parsed2.error.message} (at character ${parsed2.error.position + 1})`, line);
  return { text: raw, expr: parsed2.expr };
}
function readOrder(raw, what, line) {
  if (raw === void 0 || raw === null) return void 0;
  if (typeof raw !== "number" || !Number.isFinite(raw)) throw new InvalidObject(`${what} must be a number`, line);
  return raw;
}
function readProtocol2(raw, what, line) {
  if (raw === void 0 || raw === null) return void 0;
  let number;
  let text;
  if (typeof raw === "number" || typeof raw === "string" && /^\d+$/.test(raw)) {
    number = Number(raw);
    text = String(raw);
    if (!Number.isInteger(number) || number < 1 || number > 255) throw new InvalidObject(`${what} ${text} must be a protocol number from 1 to 255`, line);
  } else if (typeof raw === "string") {
    text = raw;
    number = PROTOCOL_NUMBERS[raw];
    if (number === void 0) {
      const hint = Object.keys(PROTOCOL_NUMBERS).find((n) => n.toLowerCase() === raw.toLowerCase());
      throw new InvalidObject(`${what} "${raw}" is not one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number from 1 to 255${hint ? ` (names are case-sensitive: ${hint})` : ""}`, line);
    }
  } else {
    throw new InvalidObject(`${what} must be a protocol name or number`, line);
  }
  return { text, number, modelled: MODELLED[number] };
}
function readPorts(raw, what, line) {
  if (raw === void 0 || raw === null) return void 0;
  if (!Array.isArray(raw)) throw new InvalidObject(`${what} must be a list of ports`, line);
  return raw.map((p, i) => {
    const at = `${what}[${i}]`;
    if (typeof p === "number") {
      if (!Number.isInteger(p) || p < 1 || p > 65535) throw new InvalidObject(`${at}: port ${p} must be from 1 to 65535`, line);
      return { kind: "range", from: p, to: p };
    }
    if (typeof p !== "string") throw new InvalidObject(`${at} must be a port number, a range "a:b" or a port name`, line);
    const range = /^(\d+):(\d+)$/.exec(p);
    if (/^\d+$/.test(p) || range) {
      const from = Number(range ? range[1] : p);
      const to = Number(range ? range[2] : p);
      if (from < 1 || to > 65535 || from > to) throw new InvalidObject(`${at}: "${p}" must be a port or an inclusive range of ports from 1 to 65535, lowest first`, line);
      return { kind: "range", from, to };
    }
    if (!PORT_NAME.test(p)) throw new InvalidObject(`${at}: "${p}" is not a port number, a range "a:b" or a valid port name`, line);
    return { kind: "named", name: p };
  });
}
function readNets(raw, what, line, negated) {
  if (raw === void 0 || raw === null) return void 0;
  if (!Array.isArray(raw)) throw new InvalidObject(`${what} must be a list of CIDRs`, line);
  if (raw.length === 0) return void 0;
  let addresses = EMPTY;
  let v4 = false;
  let v6 = false;
  const cidrs = [];
  for (const n of raw) {
    if (typeof n !== "string") throw new InvalidObject(`${what} must be a list of CIDRs`, line);
    const text = n.includes("/") ? n : `${n}/${n.includes(":") ? 128 : 32}`;
    const parsed2 = parseCidr(text);
    if (parsed2.kind === "invalid") throw new InvalidObject(`${what}: ${parsed2.reason}`, line);
    if (negated && (n === "0.0.0.0/0" || parsed2.kind === "ipv6" && /^::\/0$|^0*:(0*:)*0*\/0$/.test(n))) {
      throw new InvalidObject(`${what}: "${n}" covers every address, so the rule could never match (Calico rejects it)`, line);
    }
    if (parsed2.kind === "ipv4") {
      v4 = true;
      addresses = union(addresses, interval(parsed2.first, parsed2.last));
    } else {
      v6 = true;
    }
    cidrs.push(n);
  }
  if (v4 && v6) throw new InvalidObject(`${what} mixes IPv4 and IPv6 CIDRs`, line);
  return { cidrs, addresses, ipv6: v6 };
}
function readEntityRule(raw, what, line, namespaced) {
  if (raw === void 0 || raw === null) return {};
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
  const selector3 = readSelector(raw["selector"], `${what}.selector`, line);
  if (selector3 && usesGlobal(selector3.expr)) throw new InvalidObject(`${what}.selector: global() can only be used in an EntityRule namespaceSelector`, line);
  const namespaceSelector2 = readSelector(raw["namespaceSelector"], `${what}.namespaceSelector`, line);
  if (namespaceSelector2 && usesGlobal(namespaceSelector2.expr) && namespaceSelector2.expr.op !== "global") {
    throw new InvalidObject(`${what}.namespaceSelector: global() must be the whole namespaceSelector`, line);
  }
  const notSelector = readSelector(raw["notSelector"], `${what}.notSelector`, line);
  let serviceAccounts;
  const sa = raw["serviceAccounts"];
  if (isSet(sa)) {
    if (!isRecord(sa)) throw new InvalidObject(`${what}.serviceAccounts must be a mapping with names and/or selector`, line);
    const names = sa["names"] ?? [];
    if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) throw new InvalidObject(`${what}.serviceAccounts.names must be a list of names`, line);
    const saSelector = readSelector(sa["selector"], `${what}.serviceAccounts.selector`, line);
    serviceAccounts = { names, ...saSelector ? { selector: saSelector } : {} };
  }
  let services;
  const svc = raw["services"];
  if (isSet(svc)) {
    if (!isRecord(svc) || typeof svc["name"] !== "string" || svc["name"] === "") throw new InvalidObject(`${what}.services must specify a service name`, line);
    if (namespaceSelector2) throw new InvalidObject(`${what}: cannot specify namespaceSelector and services on the same rule`, line);
    if (serviceAccounts) throw new InvalidObject(`${what}: cannot specify serviceAccounts and services on the same rule`, line);
    if (selector3 || notSelector) throw new InvalidObject(`${what}: cannot specify selector/notSelector and services on the same rule`, line);
    if (isSet(raw["nets"]) || isSet(raw["notNets"])) throw new InvalidObject(`${what}: cannot specify nets/notNets and services on the same rule`, line);
    const ns = svc["namespace"];
    if (isSet(ns) && typeof ns !== "string") throw new InvalidObject(`${what}.services.namespace must be a string`, line);
    if (!namespaced && (typeof ns !== "string" || ns === "")) throw new InvalidObject(`${what}.services needs a namespace in a GlobalNetworkPolicy`, line);
    services = { name: svc["name"], ...typeof ns === "string" && ns !== "" ? { namespace: ns } : {} };
  }
  const nets = readNets(raw["nets"], `${what}.nets`, line, false);
  const notNets = readNets(raw["notNets"], `${what}.notNets`, line, true);
  const ports2 = readPorts(raw["ports"], `${what}.ports`, line);
  const notPorts = readPorts(raw["notPorts"], `${what}.notPorts`, line);
  return {
    ...nets ? { nets } : {},
    ...notNets ? { notNets } : {},
    ...selector3 ? { selector: selector3 } : {},
    ...notSelector ? { notSelector } : {},
    ...namespaceSelector2 ? { namespaceSelector: namespaceSelector2 } : {},
    ...ports2 && ports2.length > 0 ? { ports: ports2 } : {},
    ...notPorts && notPorts.length > 0 ? { notPorts } : {},
    ...serviceAccounts ? { serviceAccounts } : {},
    ...services ? { services } : {}
  };
}
function readIcmp(raw, what, line) {
  if (!isSet(raw)) return false;
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with type and code`, line);
  const type2 = raw["type"];
  const code = raw["code"];
  if (isSet(type2) && (typeof type2 !== "number" || !Number.isInteger(type2) || type2 < 0 || type2 > 254)) throw new InvalidObject(`${what}.type must be from 0 to 254`, line);
  if (isSet(code) && (typeof code !== "number" || !Number.isInteger(code) || code < 0 || code > 255)) throw new InvalidObject(`${what}.code must be from 0 to 255`, line);
  if (isSet(code) && !isSet(type2)) throw new InvalidObject(`${what}: ICMP code specified without an ICMP type`, line);
  return true;
}
function ruleNotes(rule, what, direction, notes) {
  if (rule.action === "Log") return;
  const note = (message) => notes.push({ line: rule.line, code: Codes.unsupported, message: `${what}: ${message}` });
  const taken = (what2) => rule.action === "Allow" ? `the Allow rule is taken to match ${what2}` : `the ${rule.action} rule is taken to match nothing`;
  const remote = direction === "ingress" ? rule.source : rule.destination;
  const sourceSide = rule.source;
  const ipv6 = rule.ipVersion === 6 || [rule.source, rule.destination].some((e) => e.nets?.ipv6 || e.notNets?.ipv6);
  if (ipv6) note("an IPv6 rule is not modelled (only IPv4 is analysed); it matches none of the traffic analysed");
  if (rule.protocol && !rule.protocol.modelled) {
    note(`protocol ${rule.protocol.text}${rule.icmp ? " (with its ICMP type and code)" : ""} is not modelled (only TCP, UDP and SCTP are analysed); the rule matches none of the traffic analysed`);
  }
  if (rule.http) note("its HTTP match is enforced by Calico's application layer policy only; the rule is analysed at L3/L4, as if it had none");
  if (remote.services) {
    const svc = `${remote.services.namespace ? `${remote.services.namespace}/` : ""}${remote.services.name}`;
    note(`services (the endpoints of Service ${svc}) are not modelled; ${taken("every peer")}`);
  }
  if (sourceSide.ports || sourceSide.notPorts) note(`source ports are not modelled; ${taken("every source port")}`);
  if (remote.namespaceSelector?.expr.op === "global") note("namespaceSelector global() selects host endpoints and global network sets, which are not modelled; the rule matches no pod");
}
function readRule(raw, index, direction, obj2, namespaced, notes) {
  const what = `spec.${direction}[${index}]`;
  const line = obj2.lineOf(raw);
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
  const action = raw["action"];
  if (typeof action !== "string" || !ACTIONS.includes(action)) {
    throw new InvalidObject(`${what}.action ${isSet(action) ? `"${String(action)}"` : "is missing: it"} must be Allow, Deny, Pass or Log`, line);
  }
  const protocol = readProtocol2(raw["protocol"], `${what}.protocol`, line);
  const notProtocol = readProtocol2(raw["notProtocol"], `${what}.notProtocol`, line);
  const ipVersionRaw = raw["ipVersion"];
  if (isSet(ipVersionRaw) && ipVersionRaw !== 4 && ipVersionRaw !== 6) throw new InvalidObject(`${what}.ipVersion must be 4 or 6`, line);
  const ipVersion = isSet(ipVersionRaw) ? ipVersionRaw : void 0;
  const sourceLine = isRecord(raw["source"]) ? obj2.lineOf(raw["source"]) : line;
  const destinationLine = isRecord(raw["destination"]) ? obj2.lineOf(raw["destination"]) : line;
  const source = readEntityRule(raw["source"], `${what}.source`, sourceLine, namespaced);
  const destination = readEntityRule(raw["destination"], `${what}.destination`, destinationLine, namespaced);
  const icmp = readIcmp(raw["icmp"], `${what}.icmp`, line);
  const notIcmp = readIcmp(raw["notICMP"], `${what}.notICMP`, line);
  const isIcmp = (p) => p !== void 0 && (p.number === 1 || p.number === 58);
  if ((icmp || notIcmp) && !isIcmp(protocol)) throw new InvalidObject(`${what}: ICMP fields require protocol to be ICMP or ICMPv6`, line);
  for (const p of [protocol, notProtocol]) {
    if (p?.number === 1 && ipVersion === 6) throw new InvalidObject(`${what}: protocol ICMP requires ipVersion 4`, line);
    if (p?.number === 58 && ipVersion === 4) throw new InvalidObject(`${what}: protocol ICMPv6 requires ipVersion 6`, line);
  }
  for (const [side, entity2] of [["source", source], ["destination", destination]]) {
    for (const field2 of ["ports", "notPorts"]) {
      const list2 = entity2[field2];
      if (!list2) continue;
      if (!protocol) {
        if (list2.some((p) => p.kind === "range")) throw new InvalidObject(`${what}.${side}.${field2}: rules with numeric ports or port ranges must set protocol to TCP, UDP or SCTP`, line);
      } else if (!protocol.modelled) {
        throw new InvalidObject(`${what}.${side}.${field2}: rules that specify ports must set protocol to TCP, UDP or SCTP (not ${protocol.text})`, line);
      }
    }
  }
  const nets = [source.nets, source.notNets, destination.nets, destination.notNets].filter((n) => n !== void 0);
  if (nets.some((n) => n.ipv6) && nets.some((n) => !n.ipv6)) throw new InvalidObject(`${what} contains both IPv4 and IPv6 CIDRs`, line);
  if (ipVersion !== void 0 && nets.some((n) => n.ipv6 !== (ipVersion === 6))) throw new InvalidObject(`${what}: ipVersion ${ipVersion} does not match the IP version of its CIDRs`, line);
  const http = raw["http"];
  if (isSet(http)) {
    if (!isRecord(http)) throw new InvalidObject(`${what}.http must be a mapping with methods and/or paths`, line);
    if (action !== "Allow") throw new InvalidObject(`${what}: HTTP match is only valid on Allow rules`, line);
    if (protocol && protocol.number !== 6) throw new InvalidObject(`${what}: rules with HTTP match must have protocol TCP or unset`, line);
    if (direction === "egress") throw new InvalidObject(`${what}: HTTP match is only valid on ingress rules`, line);
  }
  if (destination.services && (destination.ports || destination.notPorts)) throw new InvalidObject(`${what}: ports and notPorts cannot be specified with services`, line);
  if (direction === "ingress" && destination.services || direction === "egress" && source.services) {
    throw new InvalidObject(`${what}: services may only be used in ${direction === "ingress" ? "source" : "destination"} of ${direction} rules`, line);
  }
  const rule = {
    index,
    line,
    action,
    ...protocol ? { protocol } : {},
    ...notProtocol ? { notProtocol } : {},
    ...ipVersion ? { ipVersion } : {},
    icmp: icmp || notIcmp,
    http: isSet(http),
    source,
    destination
  };
  ruleNotes(rule, what, direction, notes);
  return rule;
}
function readRules2(obj2, raw, direction, namespaced, notes) {
  if (raw === void 0 || raw === null) return [];
  if (!Array.isArray(raw)) throw new InvalidObject(`spec.${direction} must be a list of rules`, obj2.lineOf(raw));
  return raw.map((r, i) => readRule(r, i, direction, obj2, namespaced, notes));
}
function readCalicoPolicy(obj2, kind, defaultNamespace, form) {
  const namespaced = kind === "CalicoNetworkPolicy";
  const written2 = obj2.kind;
  const spec = obj2.body["spec"];
  if (isSet(spec) && !isRecord(spec)) throw new InvalidObject("spec must be a mapping");
  const s = isRecord(spec) ? spec : {};
  const specLine = isRecord(spec) ? obj2.lineOf(spec) : obj2.line;
  const tierRaw = s["tier"];
  if (isSet(tierRaw) && typeof tierRaw !== "string") throw new InvalidObject("spec.tier must be a string", specLine);
  const tier2 = typeof tierRaw === "string" && tierRaw !== "" ? tierRaw : "default";
  const name = readName(obj2, form, tier2 === "default");
  if (!name) throw new InvalidObject(`${written2} has no metadata.name`);
  const nameOk = name.length <= MAX_NAME && (namespaced ? NETWORK_POLICY_NAME : GLOBAL_NETWORK_POLICY_NAME).test(name);
  if (!nameOk) {
    throw new InvalidObject(
      `metadata.name "${name}" is not a valid ${written2} name: lower-case letters, digits and "-", with at most one "."`
    );
  }
  if (!TIER_NAME.test(tier2) || tier2.length > MAX_TIER_NAME) throw new InvalidObject(`spec.tier "${tier2}" is not a valid tier name`, specLine);
  const metaNs = obj2.body["metadata"];
  const namespace = namespaced ? isRecord(metaNs) && typeof metaNs["namespace"] === "string" && metaNs["namespace"] !== "" ? metaNs["namespace"] : defaultNamespace : void 0;
  const notes = [];
  storageNote(obj2, form, written2, notes);
  const selector3 = readSelector(s["selector"], "spec.selector", specLine) ?? { text: "", expr: { op: "all" } };
  const serviceAccountSelector = readSelector(s["serviceAccountSelector"], "spec.serviceAccountSelector", specLine);
  const namespaceSelector2 = namespaced ? void 0 : readSelector(s["namespaceSelector"], "spec.namespaceSelector", specLine);
  if (namespaced && isSet(s["namespaceSelector"])) throw new InvalidObject("spec.namespaceSelector is a field of GlobalNetworkPolicy, not of NetworkPolicy", specLine);
  for (const [field2, sel] of [["selector", selector3], ["serviceAccountSelector", serviceAccountSelector], ["namespaceSelector", namespaceSelector2]]) {
    if (!namespaced && sel && usesGlobal(sel.expr)) throw new InvalidObject(`spec.${field2}: global() can only be used in an EntityRule namespaceSelector`, specLine);
  }
  const ruleNotes2 = [];
  const ingress = readRules2(obj2, s["ingress"], "ingress", namespaced, ruleNotes2);
  const egress = readRules2(obj2, s["egress"], "egress", namespaced, ruleNotes2);
  const typesRaw = s["types"];
  let types2;
  const explicit = Array.isArray(typesRaw) && typesRaw.length > 0;
  if (isSet(typesRaw) && !Array.isArray(typesRaw)) throw new InvalidObject("spec.types must be a list", specLine);
  if (explicit) {
    for (const t of typesRaw) if (t !== "Ingress" && t !== "Egress") throw new InvalidObject(`spec.types: "${String(t)}" is not Ingress or Egress`, specLine);
    if (new Set(typesRaw).size !== typesRaw.length) throw new InvalidObject("spec.types lists a type twice", specLine);
    types2 = { ingress: typesRaw.includes("Ingress"), egress: typesRaw.includes("Egress") };
  } else {
    types2 = egress.length === 0 ? { ingress: true, egress: false } : ingress.length === 0 ? { ingress: false, egress: true } : { ingress: true, egress: true };
  }
  const ignoredRules = [];
  for (const [direction, rules] of [["ingress", ingress], ["egress", egress]]) {
    if (rules.length > 0 && !types2[direction]) ignoredRules.push({ direction, line: rules[0].line, count: rules.length });
  }
  notes.push(...ruleNotes2.filter((n) => types2[n.message.startsWith("spec.ingress") ? "ingress" : "egress"]));
  let hostEndpointsOnly = false;
  if (!namespaced) {
    const flag = (f) => {
      const v = s[f];
      if (isSet(v) && typeof v !== "boolean") throw new InvalidObject(`spec.${f} must be true or false`, specLine);
      return v === true;
    };
    const doNotTrack = flag("doNotTrack");
    const preDNAT = flag("preDNAT");
    const applyOnForward = flag("applyOnForward");
    if (doNotTrack && preDNAT) throw new InvalidObject("spec: doNotTrack and preDNAT cannot both be true", specLine);
    if (preDNAT && (egress.length > 0 || types2.egress)) throw new InvalidObject("spec: a preDNAT policy cannot have egress rules or the Egress type", specLine);
    if ((doNotTrack || preDNAT) && !applyOnForward) throw new InvalidObject("spec: applyOnForward must be true when doNotTrack or preDNAT is", specLine);
    hostEndpointsOnly = doNotTrack || preDNAT;
    if (hostEndpointsOnly) {
      notes.push({
        line: specLine,
        code: Codes.unsupported,
        message: `${doNotTrack ? "doNotTrack" : "preDNAT"} policies apply to host endpoints only, which are not modelled; the policy holds no pod`
      });
    } else if (applyOnForward) {
      notes.push({ line: specLine, code: Codes.unsupported, message: "applyOnForward concerns traffic forwarded through host endpoints, which is not modelled; the policy is analysed for pods" });
    }
  }
  return {
    policy: {
      kind,
      name,
      ...namespace !== void 0 ? { namespace } : {},
      source: { file: obj2.file, line: obj2.line },
      tier: tier2,
      ...isSet(s["order"]) ? { order: readOrder(s["order"], "spec.order", specLine) } : {},
      selector: selector3,
      selectorLine: specLine,
      ...namespaceSelector2 ? { namespaceSelector: namespaceSelector2 } : {},
      ...serviceAccountSelector ? { serviceAccountSelector } : {},
      types: types2,
      typesExplicit: explicit,
      ingress: types2.ingress ? ingress : [],
      egress: types2.egress ? egress : [],
      ignoredRules,
      hostEndpointsOnly
    },
    notes
  };
}
function readCalicoTier(obj2, form) {
  const name = readName(obj2, form, false);
  if (!name) throw new InvalidObject("Tier has no metadata.name");
  if (!TIER_NAME.test(name) || name.length > MAX_TIER_NAME) throw new InvalidObject(`metadata.name "${name}" is not a valid tier name: lower-case letters, digits and "-", at most ${MAX_TIER_NAME}`);
  const spec = obj2.body["spec"];
  if (isSet(spec) && !isRecord(spec)) throw new InvalidObject("spec must be a mapping");
  const specLine = isRecord(spec) ? obj2.lineOf(spec) : obj2.line;
  const order = readOrder(isRecord(spec) ? spec["order"] : void 0, "spec.order", specLine);
  const actionRaw = isRecord(spec) ? spec["defaultAction"] : void 0;
  if (isSet(actionRaw) && actionRaw !== "Deny" && actionRaw !== "Pass") throw new InvalidObject(`spec.defaultAction "${String(actionRaw)}" must be Deny or Pass`, specLine);
  const defaultAction = actionRaw === "Pass" ? "Pass" : "Deny";
  const builtin = BUILTIN_TIERS.get(name);
  if (builtin && (order !== builtin.order || defaultAction !== builtin.defaultAction)) {
    throw new InvalidObject(`the ${name} tier is built in: its order must be ${builtin.order} and its defaultAction ${builtin.defaultAction}`, specLine);
  }
  const notes = [];
  storageNote(obj2, form, "Tier", notes);
  return { policy: { kind: "Tier", name, source: { file: obj2.file, line: obj2.line }, ...order !== void 0 ? { order } : {}, defaultAction }, notes };
}

// src/policy/calico/tiers.ts
var NO_ORDER = Number.MAX_VALUE;
var UNDECLARED = Infinity;
var undeclared = /* @__PURE__ */ new WeakSet();
function tier(name, order, defaultAction) {
  return { name, order, combine: "first-match", endAction: defaultAction === "Pass" ? "pass" : "deny", tiesAmbiguous: false };
}
function calicoKind(kind) {
  switch (kind) {
    case "NetworkPolicy":
      return "KubernetesNetworkPolicy";
    case "ClusterNetworkPolicy":
      return "KubernetesClusterNetworkPolicy";
    case "CalicoNetworkPolicy":
      return "NetworkPolicy";
    default:
      return kind;
  }
}
function calicoTierTable(policies) {
  const tiers = /* @__PURE__ */ new Map();
  for (const [name, b] of BUILTIN_TIERS) tiers.set(name, tier(name, b.order, b.defaultAction));
  for (const p of policies) {
    if (p.policy.kind !== "Tier") continue;
    const t = p.policy;
    if (!BUILTIN_TIERS.has(t.name)) tiers.set(t.name, tier(t.name, t.order ?? NO_ORDER, t.defaultAction));
  }
  return {
    admin: tiers.get("kube-admin"),
    networkPolicy: tiers.get("default"),
    networkPolicyOrder: KUBERNETES_NETWORK_POLICY_ORDER,
    baseline: tiers.get("kube-baseline"),
    tieBreak: (kind, name, namespace) => `${name}/${namespace ?? ""}/${calicoKind(kind)}`,
    named(name) {
      let t = tiers.get(name);
      if (!t) {
        t = tier(name, UNDECLARED, "Deny");
        undeclared.add(t);
        tiers.set(name, t);
      }
      return t;
    }
  };
}

// src/policy/calico/kind.ts
var V3 = { storage: false };
var STORAGE = { storage: true };
function groupOf(form) {
  return form.storage ? { group: "crd.projectcalico.org", versions: ["v1"] } : { group: "projectcalico.org", versions: ["v3"] };
}
function policyKind(kind, form) {
  const namespaced = kind === "CalicoNetworkPolicy";
  return {
    kind: namespaced ? "NetworkPolicy" : "GlobalNetworkPolicy",
    ...groupOf(form),
    plural: namespaced ? "CalicoNetworkPolicies" : "GlobalNetworkPolicies",
    namespaced,
    ordered: true,
    read: (obj2, ctx) => readCalicoPolicy(obj2, kind, ctx.defaultNamespace, form),
    rules: (p, direction) => p[direction],
    selection: (p) => [formatCalicoSelector(p.selector.expr), p.namespaceSelector?.text, p.serviceAccountSelector?.text, p.types, p.tier, p.order],
    compile: compileCalicoPolicy,
    tierTable: calicoTierTable,
    seesServiceAccounts: true,
    dependsOn: (p) => [{ kind: "Tier", name: p.tier }],
    selectorPeers: calicoSelectorPeers
  };
}
function tierKind(form) {
  return {
    kind: "Tier",
    ...groupOf(form),
    plural: "Tiers",
    namespaced: false,
    ordered: true,
    read: (obj2) => readCalicoTier(obj2, form),
    rules: () => [],
    selection: (t) => [t.order, t.defaultAction],
    // a tier holds no pod itself: its policies do (they depend on it), and its place orders them
    compile: () => [],
    tierTable: calicoTierTable
  };
}
var CALICO_KINDS = [V3, STORAGE].flatMap((form) => [
  policyKind("CalicoNetworkPolicy", form),
  policyKind("GlobalNetworkPolicy", form),
  tierKind(form)
]);

// src/policy/clusternetworkpolicy/read.ts
var CNP_MAX_PRIORITY = 1e3;
var MAX_ITEMS = 25;
var MAX_RULE_NAME = 100;
var V1ALPHA2 = { podSelectorRequired: true, allowWord: "Accept", domainNames: true, strict: true };
var ACTIONS2 = ["Accept", "Deny", "Pass"];
var PROTOCOLS3 = { tcp: "TCP", udp: "UDP", sctp: "SCTP" };
function setKeys(raw) {
  return Object.keys(raw).filter((k) => raw[k] !== void 0 && raw[k] !== null);
}
function list(raw, what, line, min) {
  if (raw === void 0 || raw === null) return void 0;
  if (!Array.isArray(raw)) throw new InvalidObject(`${what} must be a list`, line);
  if (raw.length < min || raw.length > MAX_ITEMS) throw new InvalidObject(`${what} must have ${min === 0 ? "at most" : `${min} to`} ${MAX_ITEMS} items, not ${raw.length}`, line);
  return raw;
}
function readProtocolItem(raw, what, line) {
  const keys = isRecord(raw) ? setKeys(raw) : [];
  if (!isRecord(raw) || keys.length !== 1) {
    throw new InvalidObject(`${what} must set exactly one of tcp, udp, sctp or destinationNamedPort`, line);
  }
  const key2 = keys[0];
  if (key2 === "destinationNamedPort") {
    const name = raw[key2];
    if (!isPortName(name)) throw new InvalidObject(`${what}.destinationNamedPort: "${String(name)}" is not a valid port name`, line);
    return { kind: "named", protocol: void 0, name };
  }
  const protocol = PROTOCOLS3[key2];
  if (!protocol) throw new InvalidObject(`${what}: unknown field "${key2}" (expected tcp, udp, sctp or destinationNamedPort)`, line);
  const port = isRecord(raw[key2]) ? raw[key2]["destinationPort"] : void 0;
  if (!isRecord(port)) throw new InvalidObject(`${what}.${key2} needs a destinationPort (for every port, give range: {start: 1, end: ${MAX_PORT}})`, line);
  const portKeys = setKeys(port);
  if (portKeys.length !== 1 || portKeys[0] !== "number" && portKeys[0] !== "range") {
    throw new InvalidObject(`${what}.${key2}.destinationPort must set exactly one of number or range`, line);
  }
  if (portKeys[0] === "number") {
    const n = port["number"];
    if (!isPortNumber(n)) throw new InvalidObject(`${what}.${key2}.destinationPort.number ${String(n)} is not a port from 1 to ${MAX_PORT}`, line);
    return { kind: "numbers", protocol, from: n, to: n };
  }
  const range = port["range"];
  const start = isRecord(range) ? range["start"] : void 0;
  const end = isRecord(range) ? range["end"] : void 0;
  if (!isPortNumber(start) || !isPortNumber(end)) throw new InvalidObject(`${what}.${key2}.destinationPort.range needs start and end ports from 1 to ${MAX_PORT}`, line);
  if (start >= end) throw new InvalidObject(`${what}.${key2}.destinationPort.range: start ${start} must be less than end ${end}`, line);
  return { kind: "numbers", protocol, from: start, to: end };
}
function readRules3(obj2, raw, direction, notes) {
  const rules = list(raw, `spec.${direction}`, obj2.lineOf(raw), 0) ?? [];
  const peerField = direction === "ingress" ? "from" : "to";
  return rules.map((rule, index) => {
    const line = obj2.lineOf(rule);
    const what = `spec.${direction}[${index}]`;
    if (!isRecord(rule)) throw new InvalidObject(`${what} must be a mapping`, line);
    const action = rule["action"];
    if (typeof action !== "string" || !ACTIONS2.includes(action)) {
      const hint = action === "Allow" ? " (v1alpha2 calls it Accept)" : "";
      throw new InvalidObject(`${what}.action "${String(action)}" must be Accept, Deny or Pass${hint}`, line);
    }
    const name = rule["name"];
    if (name !== void 0 && name !== null && (typeof name !== "string" || name.length > MAX_RULE_NAME)) {
      throw new InvalidObject(`${what}.name must be a string of at most ${MAX_RULE_NAME} characters`, line);
    }
    const peers = list(rule[peerField], `${what}.${peerField}`, line, 1);
    if (!peers) throw new InvalidObject(`${what}.${peerField} must list at least one peer`, line);
    const protocols = list(rule["protocols"], `${what}.protocols`, line, 1);
    const ports2 = protocols?.map((p, i) => readProtocolItem(p, `${what}.protocols[${i}]`, obj2.lineOf(p) ?? line));
    return {
      index,
      name: typeof name === "string" ? name : "",
      line,
      action,
      peers: peers.map((p, i) => readPeer(p, `${what}.${peerField}[${i}]`, obj2.lineOf(p) ?? line, direction === "egress", notes, V1ALPHA2)),
      ports: ports2 ?? "all"
    };
  });
}
function readClusterNetworkPolicy(obj2) {
  const name = optionalString(obj2.body, "metadata", "name");
  if (!name) throw new InvalidObject("ClusterNetworkPolicy has no metadata.name");
  const spec = obj2.body["spec"];
  if (!isRecord(spec)) throw new InvalidObject("spec must be a mapping");
  const specLine = obj2.lineOf(spec);
  const tier2 = spec["tier"];
  if (tier2 !== "Admin" && tier2 !== "Baseline") {
    throw new InvalidObject(`spec.tier ${tier2 === void 0 || tier2 === null ? "is missing" : `"${String(tier2)}" is invalid`}: it must be Admin or Baseline`, specLine);
  }
  const priority = spec["priority"];
  if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 0 || priority > CNP_MAX_PRIORITY) {
    throw new InvalidObject(
      `spec.priority ${priority === void 0 || priority === null ? "is missing" : `${String(priority)} is invalid`}: it must be an integer from 0 to ${CNP_MAX_PRIORITY}`,
      specLine
    );
  }
  const notes = [];
  const policy = {
    kind: "ClusterNetworkPolicy",
    name,
    tier: tier2,
    priority,
    source: { file: obj2.file, line: obj2.line },
    subject: readSubject(spec["subject"], obj2.lineOf(spec["subject"]) ?? obj2.line, V1ALPHA2),
    ingress: readRules3(obj2, spec["ingress"], "ingress", notes),
    egress: readRules3(obj2, spec["egress"], "egress", notes)
  };
  return { policy, notes };
}

// src/policy/clusternetworkpolicy/kind.ts
var clusterNetworkPolicyKind = {
  kind: "ClusterNetworkPolicy",
  group: "policy.networking.k8s.io",
  versions: ["v1alpha2"],
  plural: "ClusterNetworkPolicies",
  namespaced: false,
  ordered: true,
  read: readClusterNetworkPolicy,
  rules: (p, direction) => p[direction],
  selection: (p) => [p.subject, p.tier, p.priority],
  compile: (p, r) => compileAdminPolicy(p, p.tier === "Admin" ? r.tiers.admin : r.tiers.baseline, p.priority, r),
  selectorPeers: adminSelectorPeers
};

// src/policy/networkpolicy/read.ts
function selector2(raw, what, line) {
  const s = parseSelector(raw);
  if ("error" in s) throw new InvalidObject(`${what}: ${s.error}`, line);
  return s;
}
function listField(raw) {
  if (raw === void 0 || raw === null) return "missing";
  return Array.isArray(raw) && raw.length === 0 ? "empty" : "list";
}
function readRulePort(raw, what, line) {
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with port and protocol`, line);
  const protocol = readProtocol(raw["protocol"], what);
  const protocolOmitted = raw["protocol"] === void 0 || raw["protocol"] === null;
  const port = raw["port"];
  const endPort = raw["endPort"];
  if (port === void 0 || port === null) {
    if (endPort !== void 0 && endPort !== null) throw new InvalidObject(`${what}: endPort needs a numeric port`, line);
    return { kind: "all", protocol };
  }
  if (typeof port === "string" && !/^\d+$/.test(port)) {
    if (!isPortName(port)) throw new InvalidObject(`${what}: "${port}" is not a valid port name`, line);
    if (endPort !== void 0 && endPort !== null) throw new InvalidObject(`${what}: endPort needs a numeric port, not the named port "${port}"`, line);
    return { kind: "named", protocol, name: port };
  }
  const number = typeof port === "string" ? Number(port) : port;
  if (!isPortNumber(number)) throw new InvalidObject(`${what}: port ${String(port)} is not between 1 and ${MAX_PORT}`, line);
  const omitted = protocolOmitted ? { protocolOmitted: true } : {};
  if (endPort === void 0 || endPort === null) return { kind: "numbers", protocol, from: number, to: number, ...omitted };
  if (!isPortNumber(endPort) || endPort < number) {
    throw new InvalidObject(`${what}: endPort ${String(endPort)} must be a port from ${number} to ${MAX_PORT}`, line);
  }
  return { kind: "numbers", protocol, from: number, to: endPort, ...omitted };
}
function readPeer2(raw, what, line, notes) {
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
  const keys = Object.keys(raw).filter((k) => raw[k] !== void 0 && raw[k] !== null);
  const known = keys.filter((k) => k === "podSelector" || k === "namespaceSelector" || k === "ipBlock");
  if (known.length === 0) {
    const unknown = keys.length > 0 ? ` (unknown field ${keys.map((k) => `"${k}"`).join(", ")})` : "";
    throw new InvalidObject(`${what} is empty${unknown}: a peer needs podSelector, namespaceSelector or ipBlock`, line);
  }
  if (raw["ipBlock"] !== void 0 && raw["ipBlock"] !== null) {
    if (known.length > 1) throw new InvalidObject(`${what}: ipBlock may not be combined with podSelector or namespaceSelector`, line);
    const block = raw["ipBlock"];
    const cidr = isRecord(block) ? block["cidr"] : void 0;
    if (typeof cidr !== "string") throw new InvalidObject(`${what}: ipBlock needs a cidr`, line);
    const parsed2 = parseCidr(cidr);
    if (parsed2.kind === "invalid") throw new InvalidObject(`${what}: ${parsed2.reason}`, line);
    const exceptRaw = isRecord(block) ? block["except"] : void 0;
    if (exceptRaw !== void 0 && exceptRaw !== null && !Array.isArray(exceptRaw)) {
      throw new InvalidObject(`${what}: ipBlock.except must be a list of CIDRs`, line);
    }
    const except = [];
    let addresses = parsed2.kind === "ipv4" ? interval(parsed2.first, parsed2.last) : EMPTY;
    for (const e of exceptRaw ?? []) {
      if (typeof e !== "string") throw new InvalidObject(`${what}: ipBlock.except must be a list of CIDRs`, line);
      const hole = parseCidr(e);
      if (hole.kind === "invalid") throw new InvalidObject(`${what}: except ${hole.reason}`, line);
      if (hole.kind !== parsed2.kind) throw new InvalidObject(`${what}: except "${e}" is not of the same IP family as cidr "${cidr}"`, line);
      if (hole.kind === "ipv4" && parsed2.kind === "ipv4") {
        const inside = hole.first >= parsed2.first && hole.last <= parsed2.last && !(hole.first === parsed2.first && hole.last === parsed2.last);
        if (!inside) throw new InvalidObject(`${what}: except "${e}" must be strictly inside cidr "${cidr}"`, line);
        addresses = subtract(addresses, interval(hole.first, hole.last));
      }
      except.push(e);
    }
    if (parsed2.kind === "ipv6") {
      notes.push({ line, code: Codes.unsupported, message: `${what}: IPv6 ipBlock "${cidr}" is not modelled; only IPv4 external ranges are analysed` });
    }
    return { kind: "ipBlock", cidr, except, addresses, line };
  }
  const ns = raw["namespaceSelector"];
  const pods = raw["podSelector"];
  return {
    kind: "pods",
    line,
    ...ns !== void 0 && ns !== null ? { namespaceSelector: selector2(ns, `${what}.namespaceSelector`, line) } : {},
    ...pods !== void 0 && pods !== null ? { podSelector: selector2(pods, `${what}.podSelector`, line) } : {},
    written: {
      ...ns !== void 0 && ns !== null ? { namespaceSelector: writtenSelector(ns) } : {},
      ...pods !== void 0 && pods !== null ? { podSelector: writtenSelector(pods) } : {}
    }
  };
}
function readRules4(obj2, raw, direction, notes) {
  if (raw === void 0 || raw === null) return [];
  if (!Array.isArray(raw)) throw new InvalidObject(`spec.${direction} must be a list of rules`, obj2.lineOf(raw));
  const peerField = direction === "ingress" ? "from" : "to";
  return raw.map((rule, index) => {
    const what = `spec.${direction}[${index}]`;
    const line = obj2.lineOf(rule);
    if (rule !== null && !isRecord(rule)) throw new InvalidObject(`${what} must be a mapping`, line);
    const peersRaw = rule?.[peerField];
    const portsRaw = rule?.["ports"];
    if (peersRaw !== void 0 && peersRaw !== null && !Array.isArray(peersRaw)) throw new InvalidObject(`${what}.${peerField} must be a list`, line);
    if (portsRaw !== void 0 && portsRaw !== null && !Array.isArray(portsRaw)) throw new InvalidObject(`${what}.ports must be a list`, line);
    const peers = (peersRaw ?? []).map((p, i) => readPeer2(p, `${what}.${peerField}[${i}]`, obj2.lineOf(p) ?? line, notes));
    const ports2 = (portsRaw ?? []).map((p, i) => readRulePort(p, `${what}.ports[${i}]`, obj2.lineOf(p) ?? line));
    return {
      index,
      line,
      peers: peers.length > 0 ? peers : "all",
      ports: ports2.length > 0 ? ports2 : "all",
      peersField: listField(peersRaw),
      portsField: listField(portsRaw)
    };
  });
}
function readNetworkPolicy(obj2, defaultNamespace) {
  const name = optionalString(obj2.body, "metadata", "name");
  if (!name) throw new InvalidObject("NetworkPolicy has no metadata.name");
  const namespace = optionalString(obj2.body, "metadata", "namespace") || defaultNamespace;
  const spec = obj2.body["spec"];
  if (spec !== void 0 && spec !== null && !isRecord(spec)) throw new InvalidObject("spec must be a mapping");
  const notes = [];
  const podSelector2 = spec?.["podSelector"] === void 0 ? MATCH_ALL : selector2(spec["podSelector"], "spec.podSelector", obj2.lineOf(spec));
  const ingress = readRules4(obj2, spec?.["ingress"], "ingress", notes);
  const egress = readRules4(obj2, spec?.["egress"], "egress", notes);
  const typesRaw = spec?.["policyTypes"];
  let policyTypes;
  const explicit = Array.isArray(typesRaw) && typesRaw.length > 0;
  if (typesRaw !== void 0 && typesRaw !== null && !Array.isArray(typesRaw)) throw new InvalidObject("spec.policyTypes must be a list");
  if (explicit) {
    for (const t of typesRaw) {
      if (t !== "Ingress" && t !== "Egress") throw new InvalidObject(`spec.policyTypes: "${String(t)}" is not Ingress or Egress`);
    }
    policyTypes = { ingress: typesRaw.includes("Ingress"), egress: typesRaw.includes("Egress") };
  } else {
    policyTypes = { ingress: true, egress: egress.length > 0 };
  }
  const ignoredRules = [];
  for (const [direction, rules] of [["ingress", ingress], ["egress", egress]]) {
    if (rules.length > 0 && !policyTypes[direction]) ignoredRules.push({ direction, line: rules[0].line, count: rules.length });
  }
  return {
    policy: {
      kind: "NetworkPolicy",
      namespace,
      name,
      source: { file: obj2.file, line: obj2.line },
      podSelector: podSelector2,
      podSelectorLine: isRecord(spec?.["podSelector"]) ? obj2.lineOf(spec["podSelector"]) : obj2.line,
      policyTypes,
      policyTypesExplicit: explicit,
      ingress: policyTypes.ingress ? ingress : [],
      egress: policyTypes.egress ? egress : [],
      ingressField: listField(spec?.["ingress"]),
      egressField: listField(spec?.["egress"]),
      ignoredRules
    },
    notes
  };
}

// src/policy/networkpolicy/kind.ts
function ruleSpec2(policy, rule, r) {
  let classes = MATCH_NO_CLASS;
  let addresses = EMPTY;
  if (rule.peers === "all") {
    classes = r.everyWorkload;
    addresses = ALL_IPV4;
  } else {
    for (const peer2 of rule.peers) {
      if (peer2.kind === "ipBlock") addresses = union(addresses, peer2.addresses);
      else classes = r.union(classes, r.pods(peer2.namespaceSelector ?? policy.namespace, peer2.podSelector));
    }
  }
  return { action: "allow", classes, addresses, ports: rule.ports, index: rule.index, line: rule.line, rule };
}
function selectorPeers2(policy) {
  const out = [];
  for (const direction of ["ingress", "egress"]) {
    for (const rule of policy[direction]) {
      if (rule.peers === "all") continue;
      const peers = [];
      let everyPod = false;
      for (const peer2 of rule.peers) {
        if (peer2.kind !== "pods") continue;
        if (peer2.namespaceSelector && isMatchAll(peer2.namespaceSelector) && (!peer2.podSelector || isMatchAll(peer2.podSelector))) {
          everyPod = true;
          break;
        }
        peers.push({
          namespaces: peer2.namespaceSelector ? { selector: peer2.namespaceSelector, ...peer2.written.namespaceSelector ? { written: peer2.written.namespaceSelector } : {} } : { name: policy.namespace },
          ...peer2.podSelector ? { pods: { selector: peer2.podSelector, ...peer2.written.podSelector ? { written: peer2.written.podSelector } : {} } } : {}
        });
      }
      if (!everyPod) out.push(...peers);
    }
  }
  return out;
}
var networkPolicyKind = {
  kind: "NetworkPolicy",
  group: "networking.k8s.io",
  versions: ["v1"],
  plural: "NetworkPolicies",
  namespaced: true,
  ordered: false,
  read: (obj2, ctx) => readNetworkPolicy(obj2, ctx.defaultNamespace),
  rules: (p, direction) => p[direction],
  selection: (p) => [p.podSelector.key, p.policyTypes],
  compile(policy, r) {
    const subject = r.pods(policy.namespace, policy.podSelector);
    const tier2 = r.tiers.networkPolicy;
    const order = r.tiers.networkPolicyOrder;
    const tieBreak = r.tiers.tieBreak(policy.kind, policy.name, policy.namespace);
    const steps = [];
    for (const direction of ["ingress", "egress"]) {
      if (!policy.policyTypes[direction]) continue;
      const rules = policy[direction].map((rule) => ruleSpec2(policy, rule, r));
      steps.push({ tier: tier2, order, tieBreak, direction, subject, isolates: true, rules });
    }
    return steps;
  },
  selectorPeers: selectorPeers2
};

// src/policy/registry.ts
var POLICY_KINDS = [
  networkPolicyKind,
  adminNetworkPolicyKind,
  baselineAdminNetworkPolicyKind,
  clusterNetworkPolicyKind,
  ciliumNetworkPolicyKind,
  ciliumClusterwideNetworkPolicyKind,
  ...CALICO_KINDS
];
function tierTableOf(policies) {
  for (const p of policies) if (p.kind.tierTable) return p.kind.tierTable(policies);
  return KUBERNETES_TIERS;
}
var byGroupKind = new Map(POLICY_KINDS.map((k) => [`${k.group}\0${k.kind}`, k]));
function splitApiVersion(apiVersion) {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
var POLICY_GROUPS = [
  {
    groups: ["projectcalico.org", "crd.projectcalico.org"],
    project: "Calico",
    kinds: ["StagedNetworkPolicy", "StagedGlobalNetworkPolicy", "StagedKubernetesNetworkPolicy", "NetworkSet", "GlobalNetworkSet", "HostEndpoint"],
    reasons: {
      StagedNetworkPolicy: "staged policies are never enforced (Calico only reports what they would do), and reachdiff leaves them out as the cluster does",
      StagedGlobalNetworkPolicy: "staged policies are never enforced (Calico only reports what they would do), and reachdiff leaves them out as the cluster does",
      StagedKubernetesNetworkPolicy: "staged policies are never enforced (Calico only reports what they would do), and reachdiff leaves them out as the cluster does",
      NetworkSet: "Calico network sets are not modelled: selectors that would match their addresses match none of them",
      GlobalNetworkSet: "Calico network sets are not modelled: selectors that would match their addresses match none of them",
      HostEndpoint: "Calico host endpoints are not modelled: policies that select them are analysed for pods only"
    }
  },
  { groups: ["crd.antrea.io"], project: "Antrea", kinds: ["NetworkPolicy", "ClusterNetworkPolicy", "Tier"] },
  { groups: ["security.istio.io"], project: "Istio", kinds: ["AuthorizationPolicy", "PeerAuthentication"] },
  { groups: ["policy.linkerd.io"], project: "Linkerd", kinds: ["AuthorizationPolicy", "ServerAuthorization", "Server"] },
  { groups: ["consul.hashicorp.com"], project: "Consul", kinds: ["ServiceIntentions"] },
  { groups: ["k8s.ovn.org"], project: "OVN-Kubernetes", kinds: ["EgressFirewall"] },
  { groups: ["network.openshift.io"], project: "OpenShift", kinds: ["EgressNetworkPolicy"] },
  { groups: ["networking.gke.io"], project: "GKE", kinds: ["FQDNNetworkPolicy"] },
  { groups: ["kubeovn.io"], project: "Kube-OVN", kinds: ["SecurityGroup"] }
];
var KYVERNO_VERSIONS = ["v1", "v2beta1", "v2"];
function generatedKinds(gen) {
  const kinds = [];
  const listKinds = field(gen, "cloneList", "kinds");
  if (Array.isArray(listKinds)) {
    for (const k of listKinds) kinds.push(typeof k === "string" && !k.includes("{{") ? k.split("/").pop() : void 0);
  } else if (!Array.isArray(gen["foreach"])) {
    const kind = gen["kind"] ?? field(gen, "data", "kind");
    kinds.push(typeof kind === "string" && !kind.includes("{{") ? kind : void 0);
  }
  if (Array.isArray(gen["foreach"])) {
    for (const f of gen["foreach"]) if (isRecord(f)) kinds.push(...generatedKinds(f));
  }
  return kinds;
}
function generatesPolicies(obj2) {
  const rules = field(obj2.body, "spec", "rules");
  if (!Array.isArray(rules)) return false;
  return rules.some((r) => {
    const gen = isRecord(r) ? r["generate"] : void 0;
    return isRecord(gen) && generatedKinds(gen).some((k) => k === void 0 || /Policy$/.test(k));
  });
}
function isPolicyGenerator(obj2, apiVersion) {
  return apiVersion !== void 0 && recognise(obj2, apiVersion).kind === "generator";
}
function recognise(obj2, apiVersion) {
  const { group, version } = splitApiVersion(apiVersion);
  const known = byGroupKind.get(`${group}\0${obj2.kind}`);
  if (known) {
    if (known.versions.includes(version)) return { kind: "policy", policyKind: known };
    return { kind: "notAnalysed", reason: `version ${version} of ${known.kind} is not modelled (reachdiff reads ${known.versions.map((v) => `${group}/${v}`).join(", ")})` };
  }
  if (obj2.kind === "NetworkPolicy" && group === "extensions") {
    return { kind: "notAnalysed", reason: "extensions/v1beta1 NetworkPolicy is no longer served by Kubernetes (use networking.k8s.io/v1)" };
  }
  for (const g of POLICY_GROUPS) {
    if (g.groups.includes(group) && g.kinds.includes(obj2.kind)) return { kind: "notAnalysed", reason: g.reasons?.[obj2.kind] ?? `${g.project} policies are not modelled` };
  }
  if (group === "policy.networking.k8s.io") return { kind: "notAnalysed", reason: `${obj2.kind} of ${group} is not modelled` };
  if (group === "kyverno.io" && (obj2.kind === "ClusterPolicy" || obj2.kind === "Policy") && generatesPolicies(obj2)) {
    return KYVERNO_VERSIONS.includes(version) ? { kind: "generator" } : { kind: "notAnalysed", reason: `version ${version} of Kyverno's ${obj2.kind} is not read (reachdiff reads ${KYVERNO_VERSIONS.map((v) => `kyverno.io/${v}`).join(", ")})` };
  }
  if (group === "policies.kyverno.io" && obj2.kind === "GeneratingPolicy") {
    return { kind: "notAnalysed", reason: "Kyverno GeneratingPolicies (CEL) are not expanded" };
  }
  if ((group === "kyverno.io" || group === "policies.kyverno.io") && obj2.kind === "PolicyException") {
    return { kind: "notAnalysed", reason: "Kyverno PolicyExceptions are not applied: generate rules are expanded for the objects they exempt too" };
  }
  if (/NetworkPolicy$/.test(obj2.kind)) return { kind: "notAnalysed", reason: `${obj2.kind} of ${group || "the core group"} is not a Kubernetes NetworkPolicy and is not modelled` };
  return { kind: "other" };
}
function pluralOfKind(kind) {
  const known = POLICY_KINDS.find((k) => k.kind === kind);
  if (known) return known.plural;
  return /[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

// src/engine/ingress.ts
var INGRESS_CONTROLLER_ID = "{ingress-controller}";
var INGRESS_CONTROLLER_KIND = "IngressController";
var DEFAULT_INGRESS_CONTROLLER = { namespace: "ingress-controller-ns", labels: {} };
function servicePorts(route, backend, service) {
  if (backend.port === void 0) return [...service.ports];
  const wanted2 = backend.port;
  const found = service.ports.find(
    (p) => route.kind === "Ingress" || route.kind === "Route" ? typeof wanted2 === "string" && p.name === wanted2 || p.port === wanted2 || p.targetPort === wanted2 : p.port === wanted2
  );
  return found ? [found] : [];
}
function podPort(port, pod) {
  if (typeof port.targetPort === "number") return port.targetPort;
  const named = pod.ports.find((p) => p.name === port.targetPort);
  return named && named.protocol === "TCP" ? named.port : void 0;
}
function granted(cluster, route, backend) {
  if (backend.namespace === route.namespace) return true;
  return cluster.referenceGrants.some(
    (g) => g.namespace === backend.namespace && g.from.some((f) => f.kind === route.kind && f.namespace === route.namespace) && g.to.some((t) => t.name === void 0 || t.name === backend.service)
  );
}
function ingressPaths(cluster) {
  const diagnostics2 = [];
  const services = new Map(cluster.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const byNamespace = /* @__PURE__ */ new Map();
  cluster.workloads.forEach((w, i) => byNamespace.set(w.namespace, [...byNamespace.get(w.namespace) ?? [], i]));
  const paths = /* @__PURE__ */ new Map();
  for (const route of cluster.ingressRoutes) {
    const object = `${route.kind} ${route.namespace}/${route.name}`;
    for (const backend of route.backends) {
      const at = { file: route.source.file, line: backend.line };
      const serviceId = `${backend.namespace}/${backend.service}`;
      if (!granted(cluster, route, backend)) {
        diagnostics2.push(diagnostic("warning", Codes.unsupported, at, `${object} names Service ${serviceId} in another namespace, and no ReferenceGrant there allows it: that backend is not used`));
        continue;
      }
      const service = services.get(serviceId);
      if (!service) {
        diagnostics2.push(diagnostic("warning", Codes.unsupported, at, `${object} routes to Service ${serviceId}, which the manifests do not hold: where it leads is not known`));
        continue;
      }
      if (!service.selector) {
        diagnostics2.push(diagnostic("warning", Codes.unsupported, service.source, `Service ${serviceId} has no selector: its endpoints are set by hand and are not modelled, so ${object} leads nowhere here`));
        continue;
      }
      const ports2 = servicePorts(route, backend, service).filter((p) => p.protocol === "TCP");
      const selector3 = selectorFromLabels(service.selector);
      for (const i of byNamespace.get(service.namespace) ?? []) {
        const w = cluster.workloads[i];
        let reached = ConnectionSet.NONE;
        for (const pod of w.pods) {
          if (!matches(selector3, pod.labels)) continue;
          for (const p of ports2) {
            const n = podPort(p, pod);
            if (n !== void 0) reached = reached.union(ConnectionSet.ports("TCP", n, n));
          }
        }
        if (reached.isEmpty() && !w.pods.some((pod) => matches(selector3, pod.labels))) continue;
        const entry = paths.get(i) ?? { ports: ConnectionSet.NONE, via: [] };
        entry.ports = entry.ports.union(reached);
        entry.via.push({ object, service: serviceId, ports: reached });
        paths.set(i, entry);
      }
    }
  }
  return { paths, diagnostics: diagnostics2 };
}
function withIngressController(cluster, controller) {
  const namespaces = new Map(cluster.namespaces);
  if (!namespaces.has(controller.namespace)) {
    namespaces.set(controller.namespace, { name: controller.namespace, labels: { ...controller.namespaceLabels, [NAMESPACE_NAME_LABEL]: controller.namespace }, declared: false });
  }
  const workload = {
    id: INGRESS_CONTROLLER_ID,
    namespace: controller.namespace,
    name: "ingress-controller",
    kind: INGRESS_CONTROLLER_KIND,
    pods: [{ labels: controller.labels, ports: [], hostNetwork: false }],
    source: { file: "", line: 0 }
  };
  return { ...cluster, namespaces, workloads: [...cluster.workloads, workload] };
}

// src/engine/analyze.ts
var EMPTY_PORTS = { id: 0, ports: [] };
function keptPerObject(compute) {
  const keys = /* @__PURE__ */ new WeakMap();
  return (value) => {
    let key2 = keys.get(value);
    if (key2 === void 0) {
      key2 = compute(value);
      keys.set(value, key2);
    }
    return key2;
  };
}
var labelsKey = keptPerObject(computeLabelsKey);
var portListKey = keptPerObject(computePortsKey);
function portsKey(ports2) {
  return ports2.length === 0 ? "" : portListKey(ports2);
}
function computeLabelsKey(labels) {
  const keys = Object.keys(labels);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
  if (!sorted) keys.sort();
  let out = "";
  for (const k of keys) out += `${k}=${labels[k]}\0`;
  return out;
}
function computePortsKey(ports2) {
  return ports2.filter((p) => p.name !== void 0).map((p) => `${p.name}/${p.protocol}/${p.port}`).sort().join(",");
}
function unionMatches(a, b) {
  if (a.kind === "all" || b.kind === "all") return { kind: "all" };
  if (a.kind === "selectable" || b.kind === "selectable") return { kind: "selectable" };
  if (a.classes.length === 0) return b;
  if (b.classes.length === 0) return a;
  const out = new Int32Array(a.classes.length + b.classes.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.classes.length || j < b.classes.length) {
    const x = i < a.classes.length ? a.classes[i] : Infinity;
    const y = j < b.classes.length ? b.classes[j] : Infinity;
    const v = Math.min(x, y);
    if (x === v) i++;
    if (y === v) j++;
    out[n++] = v;
  }
  return { kind: "set", classes: out.subarray(0, n) };
}
function mergeSets(a, b, keep) {
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i] : Infinity;
    const y = j < b.length ? b[j] : Infinity;
    const v = Math.min(x, y);
    if (keep(x === v, y === v)) out.push(v);
    if (x === v) i++;
    if (y === v) j++;
  }
  return out.length === 0 ? MATCH_NO_CLASS : { kind: "set", classes: Int32Array.from(out) };
}
var Engine = class {
  constructor(cluster, options) {
    this.cluster = cluster;
    this.options = options;
    this.namespaces = [...cluster.namespaces.keys()];
    this.namespaces.forEach((n, i) => this.nsIndex.set(n, i));
    this.nsLabels = this.namespaces.map((n) => cluster.namespaces.get(n).labels);
    this.classesByNs = this.namespaces.map(() => []);
    this.tiers = tierTableOf(cluster.policies);
    this.byServiceAccount = cluster.policies.some((p) => p.kind.seesServiceAccounts === true);
    this.buildClasses();
  }
  cluster;
  options;
  table = new ConnectionTable();
  diagnostics = [];
  namespaces;
  nsIndex = /* @__PURE__ */ new Map();
  nsLabels;
  classes = [];
  classesByNs;
  labelIndex = /* @__PURE__ */ new Map();
  workloadClasses = [];
  portMaps = /* @__PURE__ */ new Map([["", EMPTY_PORTS]]);
  nsSelectionCache = /* @__PURE__ */ new Map();
  classSelectionByNs = [];
  classSelectionBySelector = /* @__PURE__ */ new Map();
  selectableCount = 0;
  rules = [];
  tiers;
  /** Pods that differ only in their service account are told apart: some selector sees it. */
  byServiceAccount;
  contexts = [];
  /** What a selector with a test sees beside a class's labels: its namespace and service account. */
  classContext(c) {
    let ctx = this.contexts[c];
    if (!ctx) {
      const cls = this.classes[c];
      const namespace = this.namespaces[cls.namespace];
      const serviceAccount = cls.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT;
      const saLabels = this.cluster.serviceAccounts.get(`${namespace}/${serviceAccount}`);
      ctx = { namespace, namespaceLabels: this.nsLabels[cls.namespace], serviceAccount, ...saLabels ? { serviceAccountLabels: saLabels } : {} };
      this.contexts[c] = ctx;
    }
    return ctx;
  }
  classMatches(selector3, c) {
    const cls = this.classes[c];
    return matches(selector3, cls.labels, selector3.test ? this.classContext(c) : void 0);
  }
  namespaceMatches(selector3, i) {
    return matches(selector3, this.nsLabels[i], selector3.test ? { namespace: this.namespaces[i], namespaceLabels: this.nsLabels[i] } : void 0);
  }
  namespaceIndex(name) {
    return this.nsIndex.get(name);
  }
  portMap(ports2) {
    const key2 = portsKey(ports2);
    let pm = this.portMaps.get(key2);
    if (!pm) {
      pm = { id: this.portMaps.size, ports: ports2.filter((p) => p.name !== void 0) };
      this.portMaps.set(key2, pm);
    }
    return pm;
  }
  buildClasses() {
    const byKey = this.namespaces.map(() => /* @__PURE__ */ new Map());
    const include = this.options.hostNetwork === "include";
    const workloads = this.cluster.workloads;
    for (let wi = 0; wi < workloads.length; wi++) {
      const w = workloads[wi];
      const ns = this.nsIndex.get(w.namespace);
      const keys = byKey[ns];
      let ids;
      let hostNetwork = false;
      for (const pod of w.pods) {
        hostNetwork ||= pod.hostNetwork;
        const selectable = include || !pod.hostNetwork;
        const pm = this.portMap(pod.ports);
        const lk = labelsKey(pod.labels);
        let key2 = pm.id === 0 && selectable ? lk : `${lk}${pm.id}${selectable ? 1 : 0}`;
        const sa = this.byServiceAccount ? pod.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT : void 0;
        if (sa !== void 0) key2 += `${sa}`;
        let id = keys.get(key2);
        if (id === void 0) {
          id = this.classes.length;
          keys.set(key2, id);
          this.classes.push({ index: id, namespace: ns, labels: pod.labels, portMap: pm, selectable, workloads: [wi], serviceAccount: sa });
          this.classesByNs[ns].push(id);
          if (selectable) {
            this.selectableCount++;
            for (const k in pod.labels) {
              const lk2 = `${k}\0${pod.labels[k]}`;
              const list2 = this.labelIndex.get(lk2);
              if (list2) list2.push(id);
              else this.labelIndex.set(lk2, [id]);
            }
          }
        }
        if (!ids) ids = [id];
        else if (!ids.includes(id)) ids.push(id);
        const cw = this.classes[id].workloads;
        if (cw[cw.length - 1] !== wi) cw.push(wi);
      }
      this.workloadClasses.push(ids ?? []);
      if (!include && hostNetwork) {
        this.diagnostics.push(
          diagnostic(
            "warning",
            Codes.hostNetwork,
            w.source,
            `${w.id} uses hostNetwork: NetworkPolicies do not apply to it on most network plugins, so no policy isolates it and selectors do not match it (--host-network include treats it as a pod)`
          )
        );
      }
    }
  }
  selectNamespaces(selector3) {
    let r = this.nsSelectionCache.get(selector3.key);
    if (!r) {
      let candidates;
      for (const req of selector3.requirements) {
        if (req.operator !== "In" || req.values.length !== 1) continue;
        const list2 = this.nsLabelIndex().get(`${req.key}\0${req.values[0]}`) ?? [];
        if (!candidates || list2.length < candidates.length) candidates = list2;
      }
      const out = [];
      if (candidates) {
        for (const i of candidates) if (this.namespaceMatches(selector3, i)) out.push(i);
      } else {
        for (let i = 0; i < this.nsLabels.length; i++) if (this.namespaceMatches(selector3, i)) out.push(i);
      }
      r = Int32Array.from(out);
      this.nsSelectionCache.set(selector3.key, r);
    }
    return r;
  }
  nsNameCache = /* @__PURE__ */ new Map();
  /** The names of the namespaces a selector matches, in the cluster's order. */
  namespaceNames(selector3) {
    let names = this.nsNameCache.get(selector3.key);
    if (!names) {
      names = [...this.selectNamespaces(selector3)].sort((a, b) => a - b).map((i) => this.namespaces[i]);
      this.nsNameCache.set(selector3.key, names);
    }
    return names;
  }
  nsLabelIndexCache;
  nsLabelIndex() {
    if (!this.nsLabelIndexCache) {
      const index = /* @__PURE__ */ new Map();
      this.nsLabels.forEach((labels, i) => {
        for (const [k, v] of Object.entries(labels)) {
          const key2 = `${k}\0${v}`;
          const list2 = index.get(key2);
          if (list2) list2.push(i);
          else index.set(key2, [i]);
        }
      });
      this.nsLabelIndexCache = index;
    }
    return this.nsLabelIndexCache;
  }
  /**
   * The selectable classes in the namespaces chosen by `namespaces` (a
   * namespace index, or a selector over namespaces) whose labels match
   * `pods` (undefined: all pods). Cached; uses the label index when the
   * selector has an equality requirement.
   */
  selectClasses(namespaces, pods) {
    let byPods = typeof namespaces === "number" ? this.classSelectionByNs[namespaces] : this.classSelectionBySelector.get(namespaces.key);
    if (!byPods) {
      byPods = /* @__PURE__ */ new Map();
      if (typeof namespaces === "number") this.classSelectionByNs[namespaces] = byPods;
      else this.classSelectionBySelector.set(namespaces.key, byPods);
    }
    const podsKey = pods?.key ?? "*";
    const cached = byPods.get(podsKey);
    if (cached) return cached;
    const result = this.computeClassSelection(namespaces, pods);
    byPods.set(podsKey, result);
    return result;
  }
  computeClassSelection(namespaces, pods) {
    const nsList = typeof namespaces === "number" ? Int32Array.of(namespaces) : this.selectNamespaces(namespaces);
    let result;
    const podsAll = pods === void 0 || isMatchAll(pods);
    if (podsAll && nsList.length === this.namespaces.length) {
      result = this.selectableCount === 0 ? MATCH_NO_CLASS : { kind: "selectable" };
    } else {
      const inNs = this.nsStamp ??= new Int32Array(this.namespaces.length);
      const call2 = ++this.nsCall;
      for (let i = 0; i < nsList.length; i++) inNs[nsList[i]] = call2;
      let candidates;
      let best = 0;
      for (let i = 0; i < nsList.length; i++) best += this.classesByNs[nsList[i]].length;
      for (const r of pods?.requirements ?? []) {
        if (r.operator !== "In") continue;
        let total = 0;
        const lists = [];
        for (const v of r.values) {
          const list2 = this.labelIndex.get(`${r.key}\0${v}`);
          if (list2) {
            total += list2.length;
            lists.push(list2);
          }
        }
        if (total < best) {
          best = total;
          candidates = lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a - b);
        }
      }
      const out = [];
      const consider = (c) => {
        const cls = this.classes[c];
        if (cls.selectable && inNs[cls.namespace] === call2 && (podsAll || this.classMatches(pods, c))) out.push(c);
      };
      if (candidates) {
        for (let i = 0; i < candidates.length; i++) consider(candidates[i]);
      } else {
        for (let i = 0; i < nsList.length; i++) for (const c of this.classesByNs[nsList[i]]) consider(c);
        if (nsList.length > 1) out.sort((a, b) => a - b);
      }
      result = out.length === 0 ? MATCH_NO_CLASS : { kind: "set", classes: Int32Array.from(out) };
    }
    return result;
  }
  nsStamp;
  nsCall = 0;
  workloadSelectionCache = /* @__PURE__ */ new Map();
  nonSelectable;
  workloadStamp;
  stampCall = 0;
  /**
   * The workloads with some pod in the chosen namespaces whose labels match
   * `pods`, host-network pods included (they carry labels even where
   * policies ignore them): what a selector names, for the warnings. Shares
   * the class selections the analysis made.
   */
  selectWorkloads(namespaces, pods) {
    const nsKey2 = typeof namespaces === "number" ? `#${namespaces}` : `?${namespaces.key}`;
    const key2 = `${nsKey2}${pods?.key ?? "*"}`;
    let out = this.workloadSelectionCache.get(key2);
    if (out) return out;
    const workloads = this.cluster.workloads;
    const stamp = this.workloadStamp ??= new Int32Array(workloads.length);
    const call2 = ++this.stampCall;
    const found = [];
    const take = (c) => {
      for (const w of this.classes[c].workloads) {
        if (stamp[w] !== call2) {
          stamp[w] = call2;
          found.push(workloads[w]);
        }
      }
    };
    for (const c of this.classList(this.selectClasses(namespaces, pods))) take(c);
    this.nonSelectable ??= this.classes.filter((c) => !c.selectable).map((c) => c.index);
    if (this.nonSelectable.length > 0) {
      const nsList = typeof namespaces === "number" ? [namespaces] : [...this.selectNamespaces(namespaces)];
      for (const c of this.nonSelectable) {
        const cls = this.classes[c];
        if (nsList.includes(cls.namespace) && (pods === void 0 || this.classMatches(pods, c))) take(c);
      }
    }
    out = found;
    this.workloadSelectionCache.set(key2, out);
    return out;
  }
  /** Whether selectWorkloads would name some workload, without listing them. */
  selectsAny(namespaces, pods) {
    const m = this.selectClasses(namespaces, pods);
    if (m.kind !== "set" || m.classes.length > 0) return true;
    this.nonSelectable ??= this.classes.filter((c) => !c.selectable).map((c) => c.index);
    if (this.nonSelectable.length === 0) return false;
    return this.selectWorkloads(namespaces, pods).length > 0;
  }
  everyClass;
  /** The classes a match holds, in order. */
  classList(m) {
    if (m.kind === "set") return m.classes;
    this.everyClass ??= {
      all: this.classes.map((c) => c.index),
      selectable: this.classes.filter((c) => c.selectable).map((c) => c.index)
    };
    return m.kind === "all" ? this.everyClass.all : this.everyClass.selectable;
  }
  // the resolver policy kinds compile against
  everyWorkload = { kind: "all" };
  selectableWorkloads = { kind: "selectable" };
  noWorkload = MATCH_NO_CLASS;
  hostNetworkMatch;
  get hostNetworkWorkloads() {
    this.nonSelectable ??= this.classes.filter((c) => !c.selectable).map((c) => c.index);
    return this.hostNetworkMatch ??= this.nonSelectable.length === 0 ? MATCH_NO_CLASS : { kind: "set", classes: Int32Array.from(this.nonSelectable) };
  }
  pods(namespaces, pods) {
    return this.selectClasses(typeof namespaces === "string" ? this.nsIndex.get(namespaces) : namespaces, pods);
  }
  union(a, b) {
    const other = a.kind === "selectable" && b.kind === "set" ? b : b.kind === "selectable" && a.kind === "set" ? a : void 0;
    if (other && other.classes.some((c) => !this.classes[c].selectable)) {
      return unionMatches({ kind: "set", classes: Int32Array.from(this.classList(this.selectableWorkloads)) }, other);
    }
    return unionMatches(a, b);
  }
  /** A match as a set of classes. */
  asSet(m) {
    return m.kind === "set" ? m.classes : Int32Array.from(this.classList(m));
  }
  intersect(a, b) {
    if (a.kind === "all") return b;
    if (b.kind === "all") return a;
    if (a.kind === "selectable" && b.kind === "selectable") return a;
    return mergeSets(this.asSet(a), this.asSet(b), (x, y) => x && y);
  }
  subtract(a, b) {
    if (b.kind === "set" && b.classes.length === 0) return a;
    if (b.kind === "all") return MATCH_NO_CLASS;
    return mergeSets(this.asSet(a), this.asSet(b), (x, y) => x && !y);
  }
  warned = /* @__PURE__ */ new Set();
  warn(code, at, message) {
    const key2 = `${at.file}\0${at.line}\0${message}`;
    if (this.warned.has(key2)) return;
    this.warned.add(key2);
    this.diagnostics.push(diagnostic("warning", code, at, message));
  }
  podNetworkCache;
  podNetwork() {
    if (this.podNetworkCache === void 0) {
      let set2 = EMPTY;
      for (const c of this.options.podCIDRs ?? []) {
        const p = parseCidr(c);
        if (p.kind === "ipv4") set2 = union(set2, interval(p.first, p.last));
      }
      this.podNetworkCache = isEmpty(set2) ? null : set2;
    }
    return this.podNetworkCache;
  }
  /** The rules of one step of a policy, numbered in the engine. */
  addRules(step, policy, id) {
    return step.rules.map((spec) => {
      const r = new EngineRule(this.rules.length, step, spec, policy, id);
      this.rules.push(r);
      return r;
    });
  }
};
var EngineRule = class {
  constructor(id, step, spec, policy, policyName) {
    this.id = id;
    this.step = step;
    this.spec = spec;
    this.policy = policy;
    this.policyName = policyName;
  }
  id;
  step;
  spec;
  policy;
  policyName;
  madeOrigin;
  matcher;
  get tier() {
    return this.step.tier;
  }
  get order() {
    return this.step.order;
  }
  get direction() {
    return this.step.direction;
  }
  get action() {
    return this.spec.action;
  }
  get classes() {
    return this.spec.classes;
  }
  get addresses() {
    return this.spec.addresses;
  }
  get origin() {
    return this.madeOrigin ??= {
      policyKind: this.policy.policy.kind,
      policy: this.policyName,
      direction: this.step.direction,
      index: this.spec.index,
      ...this.spec.name ? { name: this.spec.name } : {},
      ...this.step.priority !== void 0 ? { priority: this.step.priority } : {},
      ...this.spec.note ? { note: this.spec.note } : {},
      source: { file: this.policy.policy.source.file, line: this.spec.line },
      model: { policy: this.policy, rule: this.spec.rule }
    };
  }
  get ports() {
    return this.matcher ??= new PortMatcher(this.spec.ports);
  }
  get note() {
    return this.spec.note;
  }
};
function denyFirst(rules) {
  if (!rules.some((r) => r.action === "deny")) return rules;
  return [...rules.filter((r) => r.action === "deny"), ...rules.filter((r) => r.action !== "deny")];
}
function directionPolicyOf(node) {
  if (node.policy) return node.policy;
  const steps = [];
  for (let n = node; n?.step; n = n.parent) steps.push(n.step);
  steps.reverse();
  const tiers = [];
  let lists = [];
  let isolated = false;
  const close = (tier2) => {
    const rules = lists.length === 1 ? lists[0] : [].concat(...lists);
    tiers.push({ tier: tier2, rules: tier2.combine === "union" ? denyFirst(rules) : rules, isolated });
  };
  steps.forEach((st, i) => {
    lists.push(st.rules);
    isolated ||= st.holder.isolates;
    if (steps[i + 1]?.tier !== st.tier) {
      close(st.tier);
      lists = [];
      isolated = false;
    }
  });
  const dp = { tiers, isolated: tiers.some((t) => t.isolated), policies: steps.map((st) => st.holder) };
  node.policy = dp;
  return dp;
}
function buildDirectionPolicies(engine) {
  const n = engine.classes.length;
  const root = () => ({ parent: void 0, step: void 0, children: void 0 });
  const roots = { ingress: root(), egress: root() };
  const at = { ingress: new Array(n).fill(roots.ingress), egress: new Array(n).fill(roots.egress) };
  const subjects = [];
  const subjectsOf = /* @__PURE__ */ new Map();
  const compiled2 = [];
  for (const p of engine.cluster.policies) {
    const id = policyId(p.policy);
    const steps = p.kind.compile(p.policy, engine);
    subjectsOf.set(p.policy, steps.map((s) => ({ direction: s.direction, subject: s.subject })));
    for (const step of steps) compiled2.push({ step, policy: p, id, seq: compiled2.length });
  }
  const cmp = (x, y) => x < y ? -1 : x > y ? 1 : 0;
  compiled2.sort(
    (a, b) => cmp(a.step.tier.order, b.step.tier.order) || (a.step.tier === b.step.tier ? 0 : cmp(a.step.tier.name, b.step.tier.name)) || cmp(a.step.order, b.step.order) || (a.step.tieBreak !== void 0 && b.step.tieBreak !== void 0 && a.step.tieBreak !== b.step.tieBreak ? a.step.tieBreak < b.step.tieBreak ? -1 : 1 : 0) || a.seq - b.seq
  );
  for (const { step, policy, id } of compiled2) {
    const rules = engine.addRules(step, policy, id);
    for (const r of rules) subjects[r.id] = step.subject;
    const applied = { tier: step.tier, rules, holder: { kind: policy.policy.kind, id, isolates: step.isolates } };
    const nodes = at[step.direction];
    const list2 = engine.classList(step.subject);
    for (let i = 0; i < list2.length; i++) {
      const from = nodes[list2[i]];
      let to = from.children?.get(applied);
      if (!to) {
        to = { parent: from, step: applied, children: void 0 };
        (from.children ??= /* @__PURE__ */ new Map()).set(applied, to);
      }
      nodes[list2[i]] = to;
    }
  }
  const finish = (node) => node.step ? directionPolicyOf(node) : OPEN_DIRECTION;
  return { ingress: at.ingress.map(finish), egress: at.egress.map(finish), subjects, subjectsOf };
}
function rulesOf(dp) {
  const tiers = dp.tiers;
  if (tiers.length === 1) return tiers[0].rules;
  const out = [];
  for (const t of tiers) {
    out.push(...t.rules);
    if (t.isolated && t.tier.endAction === "deny" && !t.rules.some((r) => r.action === "pass")) break;
  }
  return out;
}
function externalVerdicts(engine, dp, rules, ranges, portMap) {
  const out = new Int32Array(ranges.length);
  const withAddresses = rules.filter((r) => r.addresses.length > 0);
  if (withAddresses.length === 0) return out.fill(engine.table.intern(evaluate(dp, () => false, portMap)));
  const memo = /* @__PURE__ */ new Map();
  ranges.forEach((range, i) => {
    const hit = withAddresses.filter((r) => contains(r.addresses, range.first));
    const key2 = hit.map((r) => r.id).join(",");
    let conn = memo.get(key2);
    if (conn === void 0) {
      const set2 = new Set(hit);
      conn = engine.table.intern(evaluate(dp, (r) => set2.has(r), portMap));
      memo.set(key2, conn);
    }
    out[i] = conn;
  });
  return out;
}
var SIGNATURE_BITS = 30;
function namingSignature(rules, c, selectable) {
  if (rules.length <= SIGNATURE_BITS) {
    let mask = 0;
    for (let i = 0; i < rules.length; i++) if (classMatchHas(rules[i].classes, c, selectable)) mask += 2 ** i;
    return mask;
  }
  let ids = "";
  for (let i = 0; i < rules.length; i++) if (classMatchHas(rules[i].classes, c, selectable)) ids += `${i},`;
  return ids;
}
function fixedDefault(dp) {
  if (surelyClosed(dp)) return ConnectionTable.NONE;
  if (!dp.isolated && dp.tiers.every((t) => t.rules.length === 0)) return ConnectionTable.ALL;
  return void 0;
}
function ingressGroup(engine, dp, portMap, ranges) {
  const t = engine.table;
  const rules = rulesOf(dp);
  const fixed = fixedDefault(dp);
  const defaultSel = fixed ?? t.intern(evaluate(dp, (r) => r.classes.kind !== "set", portMap));
  const defaultNonSel = fixed ?? t.intern(evaluate(dp, (r) => r.classes.kind === "all", portMap));
  const setRules = rules.filter((r) => r.classes.kind === "set" && r.classes.classes.length > 0);
  const bits = setRules.length <= SIGNATURE_BITS;
  const memo = /* @__PURE__ */ new Map();
  const verdict = (signature, src) => {
    const selectable = engine.classes[src].selectable;
    const key2 = selectable ? signature : `h${signature}`;
    let conn = memo.get(key2);
    if (conn === void 0) {
      conn = t.intern(evaluate(dp, (r) => classMatchHas(r.classes, src, selectable), portMap));
      memo.set(key2, conn);
    }
    return conn;
  };
  let specific;
  let lastSrc = -1;
  let lastConn = ConnectionTable.NONE;
  let external;
  return {
    policy: dp,
    defaultSel,
    defaultNonSel,
    get specific() {
      if (!specific) {
        const keys = /* @__PURE__ */ new Map();
        setRules.forEach((r, i) => {
          for (const c of r.classes.classes) {
            const prev = keys.get(c);
            keys.set(c, bits ? (prev ?? 0) + 2 ** i : `${prev ?? ""}${i},`);
          }
        });
        specific = /* @__PURE__ */ new Map();
        for (const [c, key2] of keys) {
          const conn = verdict(key2, c);
          if (conn !== (engine.classes[c].selectable ? defaultSel : defaultNonSel)) specific.set(c, conn);
        }
      }
      return specific;
    },
    from(src) {
      if (src === lastSrc) return lastConn;
      lastSrc = src;
      const sc = engine.classes[src];
      if (specific) return lastConn = specific.get(src) ?? (sc.selectable ? defaultSel : defaultNonSel);
      const key2 = namingSignature(setRules, src, sc.selectable);
      if (key2 === 0 || key2 === "") return lastConn = sc.selectable ? defaultSel : defaultNonSel;
      return lastConn = verdict(key2, src);
    },
    named: setRules.map((r) => r.classes.classes),
    get external() {
      return external ??= externalVerdicts(engine, dp, rules, ranges, portMap);
    },
    open: defaultSel !== ConnectionTable.NONE || defaultNonSel !== ConnectionTable.NONE
  };
}
function egressGroup(engine, dp, ranges) {
  const t = engine.table;
  const rules = rulesOf(dp);
  const namedDefault = rules.some((r) => r.classes.kind !== "set" && r.ports.hasNamed);
  const defaults = /* @__PURE__ */ new Map();
  const fixed = fixedDefault(dp);
  const defaultFor = (pm, selectable) => {
    if (fixed !== void 0) return fixed;
    const key2 = (namedDefault ? pm.id * 2 : 0) + (selectable ? 1 : 0);
    let conn = defaults.get(key2);
    if (conn === void 0) {
      conn = t.intern(evaluate(dp, (r) => r.classes.kind === "all" || selectable && r.classes.kind === "selectable", pm));
      defaults.set(key2, conn);
    }
    return conn;
  };
  const setRules = rules.filter((r) => r.classes.kind === "set" && r.classes.classes.length > 0);
  const namedSpecific = rules.some((r) => r.ports.hasNamed);
  const memo = /* @__PURE__ */ new Map();
  const to = (d) => {
    const dc = engine.classes[d];
    const signature = namingSignature(setRules, d, dc.selectable);
    if (signature === 0 || signature === "") return defaultFor(dc.portMap, dc.selectable);
    const pm = namedSpecific ? dc.portMap.id : 0;
    const key2 = !dc.selectable ? `h${signature}@${pm}` : typeof signature === "number" && pm < 2 ** 22 ? signature * 2 ** 22 + pm : `${signature}@${pm}`;
    let conn = memo.get(key2);
    if (conn === void 0) {
      const hit = new Set(setRules.filter((r) => classMatchHas(r.classes, d, dc.selectable)));
      conn = t.intern(evaluate(dp, (r) => r.classes.kind === "set" ? hit.has(r) : classMatchHas(r.classes, d, dc.selectable), dc.portMap));
      memo.set(key2, conn);
    }
    return conn;
  };
  const open = namedDefault || defaultFor(EMPTY_PORTS, true) !== ConnectionTable.NONE || defaultFor(EMPTY_PORTS, false) !== ConnectionTable.NONE;
  const named = setRules.map((r) => r.classes.classes);
  const namedCount = named.reduce((sum, c) => sum + c.length, 0);
  let external;
  return {
    policy: dp,
    defaultFor,
    to,
    named,
    namedCount,
    get external() {
      return external ??= externalVerdicts(engine, dp, rules, ranges, EMPTY_PORTS);
    },
    open
  };
}
function lazyGroups(n, key2, make) {
  const byClass = new Array(n);
  const byKey = /* @__PURE__ */ new Map();
  return (c) => {
    let g = byClass[c];
    if (g === void 0) {
      const k = key2(c);
      g = byKey.get(k);
      if (g === void 0) {
        g = make(c);
        byKey.set(k, g);
      }
      byClass[c] = g;
    }
    return g;
  };
}
function reportAmbiguities(engine, dps) {
  const seen = /* @__PURE__ */ new Set();
  const checked = /* @__PURE__ */ new Set();
  for (const dp of dps) {
    for (const t of dp.tiers) {
      if (!t.tier.tiesAmbiguous || t.rules.length < 2 || checked.has(t)) continue;
      checked.add(t);
      for (let i = 0; i < t.rules.length; i++) {
        const a = t.rules[i];
        for (let j = i + 1; j < t.rules.length; j++) {
          const b = t.rules[j];
          if (a.order !== b.order || a.origin.model.policy === b.origin.model.policy) continue;
          const key2 = `${a.origin.policyKind}\0${a.origin.policy}\0${b.origin.policyKind}\0${b.origin.policy}`;
          if (seen.has(key2)) continue;
          const portsOverlap = a.ports.hasNamed || b.ports.hasNamed || !a.ports.numeric.intersect(b.ports.numeric).isEmpty();
          if (!portsOverlap || !overlaps(engine, a, b)) continue;
          seen.add(key2);
          const pa = a.origin;
          const pb = b.origin;
          const names = pa.policyKind === pb.policyKind ? `${pluralOfKind(pa.policyKind)} ${pa.policy} and ${pb.policy}` : `${pa.policyKind} ${pa.policy} and ${pb.policyKind} ${pb.policy}`;
          const tier2 = pa.policyKind === "AdminNetworkPolicy" && pb.policyKind === "AdminNetworkPolicy" ? "" : ` in the ${t.tier.name} tier`;
          engine.diagnostics.push(
            diagnostic(
              "warning",
              Codes.unsupported,
              pb.source,
              `${names} have the same priority ${a.order}${tier2} and both match some ${pa.direction} connections; Kubernetes leaves their order undefined (here ${pa.policy} is applied first)`
            )
          );
        }
      }
    }
  }
}
function overlaps(engine, a, b) {
  if (!isEmpty(intersect(a.addresses, b.addresses))) return true;
  const x = a.classes;
  const y = b.classes;
  if (x.kind === "set" && y.kind === "set") {
    let i = 0;
    let j = 0;
    while (i < x.classes.length && j < y.classes.length) {
      if (x.classes[i] === y.classes[j]) return true;
      if (x.classes[i] < y.classes[j]) i++;
      else j++;
    }
    return false;
  }
  if (x.kind === "set") return x.classes.length > 0;
  if (y.kind === "set") return y.classes.length > 0;
  return x.kind === "all" && y.kind === "all" ? engine.classes.length > 0 : engine.classes.some((c) => c.selectable);
}
function reportSplitWorkloads(engine, matchesUsed) {
  const multi = engine.workloadClasses.map((cs, w) => ({ cs, w })).filter((x) => x.cs.length > 1);
  if (multi.length === 0) return;
  const sets = [...matchesUsed].filter((m) => m.kind === "set");
  for (const { cs, w } of multi) {
    const split = sets.some((m) => {
      const inside = cs.filter((c) => m.classes.includes(c)).length;
      return inside > 0 && inside < cs.length;
    });
    if (!split) continue;
    const wl = engine.cluster.workloads[w];
    engine.diagnostics.push(
      diagnostic(
        "warning",
        Codes.labelsDiffer,
        wl.source,
        `pods of ${wl.id} have different labels and some policy selects only part of them; its connections are those of any of its pods`
      )
    );
  }
}
function analyze(cluster, options = {}) {
  const ingress = cluster.ingressRoutes.length > 0 ? ingressPaths(cluster) : void 0;
  const routed = ingress !== void 0 && ingress.paths.size > 0;
  const engine = new Engine(routed ? withIngressController(cluster, options.ingressController ?? DEFAULT_INGRESS_CONTROLLER) : cluster, options);
  const dps = buildDirectionPolicies(engine);
  const rangesFor = (dir) => {
    const sets = [];
    for (const r of engine.rules) if (r.direction === dir && r.addresses.length > 0) sets.push(r.addresses);
    return cutAddressSpace(sets);
  };
  const ingressRanges = rangesFor("ingress");
  const egressRanges = rangesFor("egress");
  const ids = /* @__PURE__ */ new Map();
  const idOf2 = (dp) => ids.get(dp) ?? (ids.set(dp, ids.size), ids.size - 1);
  const named = /* @__PURE__ */ new Map();
  const hasNamed = (dp) => named.get(dp) ?? (named.set(dp, rulesOf(dp).some((r) => r.ports.hasNamed)), named.get(dp));
  const n = engine.classes.length;
  const ingressGroupOf = lazyGroups(
    n,
    (c) => `${idOf2(dps.ingress[c])}@${hasNamed(dps.ingress[c]) ? engine.classes[c].portMap.id : 0}`,
    (c) => ingressGroup(engine, dps.ingress[c], engine.classes[c].portMap, ingressRanges)
  );
  const egressGroupOf = lazyGroups(n, (c) => String(idOf2(dps.egress[c])), (c) => egressGroup(engine, dps.egress[c], egressRanges));
  const pairs2 = new Pairs(engine, ingressGroupOf, egressGroupOf, dps);
  reportAmbiguities(engine, [...dps.ingress, ...dps.egress]);
  reportSplitWorkloads(engine, engine.rules.map((r) => r.classes));
  const state = {
    cluster,
    workloads: engine.cluster.workloads,
    ...routed ? { ingress: { controller: cluster.workloads.length, paths: ingress.paths } } : {},
    table: engine.table,
    classes: engine.classes,
    workloadClasses: engine.workloadClasses,
    ingressPolicies: dps.ingress,
    egressPolicies: dps.egress,
    ingressGroup: ingressGroupOf,
    egressGroup: egressGroupOf,
    ingressRanges,
    egressRanges,
    row: (c) => pairs2.row(c),
    column: (d) => pairs2.column(d),
    pair: (c, d) => pairs2.pair(c, d),
    allRows: () => pairs2.all(),
    selectNamespaces: (selector3) => engine.namespaceNames(selector3),
    selectWorkloads: (namespace, pods) => engine.selectWorkloads(typeof namespace === "string" ? engine.namespaceIndex(namespace) : namespace, pods),
    selectsWorkloads: (namespace, pods) => engine.selectsAny(typeof namespace === "string" ? engine.namespaceIndex(namespace) : namespace, pods),
    subjectsOf: dps.subjectsOf,
    classList: (m) => engine.classList(m),
    noted: engine.rules.some((r) => r.note !== void 0),
    diagnostics: [...cluster.diagnostics, ...[...ingress?.diagnostics ?? [], ...engine.diagnostics].sort(compareDiagnostics)]
  };
  return new Matrix(state);
}
function surelyClosed(dp) {
  if (!dp.isolated) return false;
  for (const t of dp.tiers) {
    if (!t.rules.every((r) => r.classes.kind === "set")) return false;
    if (t.isolated && t.tier.endAction === "deny") return true;
  }
  return false;
}
var Pairs = class {
  constructor(engine, ingress, egress, dps) {
    this.engine = engine;
    this.ingress = ingress;
    this.egress = egress;
    this.dps = dps;
    this.t = engine.table;
    this.rows = new Array(engine.classes.length);
    this.stamp = new Int32Array(engine.classes.length);
    this.ingressOpenness = new Int8Array(engine.classes.length);
    this.egressOpenness = new Int8Array(engine.classes.length);
  }
  engine;
  ingress;
  egress;
  dps;
  t;
  rows;
  stamp;
  call = 0;
  single = 0;
  open = /* @__PURE__ */ new Map();
  naming = /* @__PURE__ */ new Map();
  /** Per class: 0 not yet known, 1 open by default, 2 closed. */
  ingressOpenness;
  egressOpenness;
  ingressOpen(d) {
    let o = this.ingressOpenness[d];
    if (o === 0) this.ingressOpenness[d] = o = !surelyClosed(this.dps.ingress[d]) && this.ingress(d).open ? 1 : 2;
    return o === 1;
  }
  egressOpen(s) {
    let o = this.egressOpenness[s];
    if (o === 0) this.egressOpenness[s] = o = !surelyClosed(this.dps.egress[s]) && this.egress(s).open ? 1 : 2;
    return o === 1;
  }
  pair(s, d) {
    const ing = this.ingress(d).from(s);
    return ing === ConnectionTable.NONE ? ing : this.t.meet(ing, this.egress(s).to(d));
  }
  /** Classes open by default as sources (egress) or as destinations (ingress). */
  opens(dir) {
    let list2 = this.open.get(dir);
    if (!list2) {
      list2 = [];
      for (let c = 0; c < this.engine.classes.length; c++) if (dir === "egress" ? this.egressOpen(c) : this.ingressOpen(c)) list2.push(c);
      this.open.set(dir, list2);
    }
    return list2;
  }
  /**
   * The ids of the rules of a direction that name a class as a peer. The
   * index for all classes is built on first use, flat: an offset per class
   * into one array of rule ids.
   */
  namers(dir, c) {
    let index = this.naming.get(dir);
    if (!index) {
      const n = this.engine.classes.length;
      const rules = this.engine.rules.filter((r) => r.direction === dir && r.classes.kind === "set");
      const start = new Int32Array(n + 1);
      for (const r of rules) for (const x of r.classes.classes) start[x + 1]++;
      for (let i = 0; i < n; i++) start[i + 1] += start[i];
      const ids = new Int32Array(start[n]);
      const fill = start.slice(0, n);
      for (const r of rules) for (const x of r.classes.classes) ids[fill[x]++] = r.id;
      index = { start, ids };
      this.naming.set(dir, index);
    }
    return index.ids.subarray(index.start[c], index.start[c + 1]);
  }
  /** Sorts (class, connection) pairs by class into one array. */
  pack(ends, conns) {
    const n = ends.length;
    const out = new Int32Array(n * 2);
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = ends[i - 1] < ends[i];
    if (sorted) {
      for (let i = 0; i < n; i++) {
        out[2 * i] = ends[i];
        out[2 * i + 1] = conns[i];
      }
      return out;
    }
    const keyed = new Float64Array(n);
    for (let i = 0; i < n; i++) keyed[i] = ends[i] * 2 ** 26 + i;
    keyed.sort();
    for (let i = 0; i < n; i++) {
      const k = keyed[i] % 2 ** 26;
      out[2 * i] = ends[k];
      out[2 * i + 1] = conns[k];
    }
    return out;
  }
  row(s) {
    let row = this.rows[s];
    if (row) return row;
    if (this.single >= 0 && ++this.single > this.engine.classes.length / 8 + 16) {
      this.all();
      return this.rows[s];
    }
    const e = this.egress(s);
    row = this.gather(
      (offer) => {
        if (e.open) {
          for (const d of this.opens("ingress")) offer(d);
        } else {
          for (const list2 of e.named) for (const d of list2) if (this.ingressOpen(d)) offer(d);
        }
        for (const r of this.namers("ingress", s)) {
          const subjects = this.engine.classList(this.dps.subjects[r]);
          for (let i = 0; i < subjects.length; i++) if (!this.ingressOpen(subjects[i])) offer(subjects[i]);
        }
      },
      (d) => this.pair(s, d)
    );
    this.rows[s] = row;
    return row;
  }
  /**
   * Every row, destination by destination: a destination open by default
   * takes the open sources, a closed one the sources its rules name; then
   * each closed source takes the open destinations its rules name.
   */
  all() {
    if (this.single < 0) return;
    this.single = -1;
    const n = this.engine.classes.length;
    const dsts = Array.from({ length: n }, () => []);
    const conns = Array.from({ length: n }, () => []);
    const compute = (s, d, ing) => {
      if (ing === ConnectionTable.NONE) return;
      const conn = this.t.meet(ing, this.egress(s).to(d));
      if (conn === ConnectionTable.NONE) return;
      dsts[s].push(d);
      conns[s].push(conn);
    };
    const sources = this.opens("egress");
    const destinations = this.opens("ingress");
    const classes = this.engine.classes;
    for (let d = 0; d < n; d++) {
      const g = this.ingress(d);
      const specific = g.specific;
      if (g.open) {
        for (const s of sources) compute(s, d, specific.get(s) ?? (classes[s].selectable ? g.defaultSel : g.defaultNonSel));
      } else {
        for (const [s, ing] of specific) compute(s, d, ing);
      }
    }
    const seen = new Int32Array(n).fill(-1);
    for (let s = 0; s < n; s++) {
      const e = this.egress(s);
      if (e.open) continue;
      if (e.namedCount < destinations.length) {
        for (const list2 of e.named) {
          for (const d of list2) {
            if (seen[d] === s || !this.ingress(d).open) continue;
            seen[d] = s;
            compute(s, d, this.ingress(d).from(s));
          }
        }
      } else {
        for (const d of destinations) compute(s, d, this.ingress(d).from(s));
      }
    }
    for (let s = 0; s < n; s++) this.rows[s] = this.pack(dsts[s], conns[s]);
  }
  column(d) {
    const g = this.ingress(d);
    return this.gather(
      (offer) => {
        if (g.open) {
          for (const s of this.opens("egress")) offer(s);
          for (const r of this.namers("egress", d)) {
            const subjects = this.engine.classList(this.dps.subjects[r]);
            for (let i = 0; i < subjects.length; i++) if (!this.egressOpen(subjects[i])) offer(subjects[i]);
          }
        } else {
          for (const list2 of g.named) for (const s of list2) offer(s);
        }
      },
      (s) => this.pair(s, d)
    );
  }
  /** The other ends `visit` offers, each once, with the connections `connection` gives them where there are some; packed. */
  gather(visit, connection) {
    const call2 = ++this.call;
    const ends = [];
    const conns = [];
    visit((other) => {
      if (this.stamp[other] === call2) return;
      this.stamp[other] = call2;
      const conn = connection(other);
      if (conn === ConnectionTable.NONE) return;
      ends.push(other);
      conns.push(conn);
    });
    return this.pack(ends, conns);
  }
};

// src/engine/outside.ts
function podPorts(port, pod) {
  if (typeof port.targetPort === "number") return ConnectionSet.ports(port.protocol, port.targetPort, port.targetPort);
  const named = pod.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol);
  return named ? ConnectionSet.ports(port.protocol, named.port, named.port) : ConnectionSet.NONE;
}
function sourceAddresses(service) {
  if (service.type !== "LoadBalancer" || service.loadBalancerSourceRanges.length === 0) return ALL_IPV4;
  let set2 = EMPTY;
  for (const c of service.loadBalancerSourceRanges) {
    const p = parseCidr(c);
    if (p.kind === "ipv4") set2 = union(set2, interval(p.first, p.last));
  }
  return set2;
}
function outsidePaths(m) {
  const out = [];
  const controller = m.ingressController();
  const real = m.cluster.workloads.length;
  for (let i = 0; i < real; i++) {
    const path = m.ingressPath(i);
    if (!controller || !path) continue;
    const allowed = m.connection(controller, m.workloadEndpoint(i));
    const byObject = /* @__PURE__ */ new Map();
    for (const v of path.via) byObject.set(v.object, (byObject.get(v.object) ?? ConnectionSet.NONE).union(v.ports));
    for (const [object, ports2] of byObject) {
      const conn = allowed.intersect(ports2);
      if (!conn.isEmpty()) out.push({ workload: i, via: object, from: "ingress-controller", conn });
    }
  }
  const byNamespace = /* @__PURE__ */ new Map();
  for (let i = 0; i < real; i++) {
    const ns = m.workloads[i].namespace;
    byNamespace.set(ns, [...byNamespace.get(ns) ?? [], i]);
  }
  for (const service of m.cluster.services) {
    if (service.type !== "LoadBalancer" && service.type !== "NodePort" || !service.selector) continue;
    const selector3 = selectorFromLabels(service.selector);
    const sources = sourceAddresses(service);
    for (const i of byNamespace.get(service.namespace) ?? []) {
      const w = m.workloads[i];
      let ports2 = ConnectionSet.NONE;
      for (const pod of w.pods) if (matches(selector3, pod.labels)) for (const p of service.ports) ports2 = ports2.union(podPorts(p, pod));
      if (ports2.isEmpty()) continue;
      const dst = m.workloadEndpoint(i);
      const ranges = [];
      let conn = ConnectionSet.NONE;
      for (const r of m.ingressRanges) {
        const inside = intersect(interval(r.first, r.last), sources);
        for (let k = 0; k < inside.length; k += 2) {
          const piece = { first: inside[k], last: inside[k + 1] };
          const c = m.connection(m.externalEndpoint(piece), dst).intersect(ports2);
          if (c.isEmpty()) continue;
          conn = conn.union(c);
          const last = ranges[ranges.length - 1];
          if (last && last.last + 1 === piece.first) ranges[ranges.length - 1] = { first: last.first, last: piece.last };
          else ranges.push(piece);
        }
      }
      if (!conn.isEmpty()) out.push({ workload: i, via: `Service ${service.namespace}/${service.name} (${service.type})`, from: ranges, conn });
    }
  }
  return out.sort((a, b) => a.workload - b.workload || (a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
}

// src/engine/exposure.ts
var FRESH = "any other value";
var REPRESENTATIVE_KIND = "Representative";
function nsKey(ns) {
  return ns.kind === "named" ? selectorFromLabels({ [NAMESPACE_NAME_LABEL]: ns.name }).key : ns.selector.key;
}
function pinnedName(selector3) {
  const r = selector3.requirements;
  if (selector3.test || r.length !== 1 || r[0].key !== NAMESPACE_NAME_LABEL || r[0].operator !== "In" || r[0].values.length !== 1) return void 0;
  return r[0].values[0];
}
function writtenText(w) {
  const labels = Object.keys(w.matchLabels).sort().map((k) => `${k}=${w.matchLabels[k]}`).join(",");
  const expressions = w.matchExpressions.map((r) => `{Key:${r.key},Operator:${r.operator},Values:[${r.values.join(" ")}],}`).sort();
  return [...labels ? [labels] : [], ...expressions].join(",");
}
function nameOf(namespaces, pods) {
  const nsText = namespaces.kind === "selected" ? namespaces.text ?? writtenText(namespaces.written) : "";
  const ns = namespaces.kind === "named" ? namespaces.name : nsText === "" ? "[all namespaces]" : `[namespace with {${nsText}}]`;
  return `${ns}/${pods ? `[pod with {${pods.text ?? writtenText(pods.written)}}]` : "[all pods]"}`;
}
function exposurePeerName(peer2) {
  switch (peer2.kind) {
    case "cluster":
      return "entire-cluster";
    case "representative":
      return peer2.representative.name;
    case "external":
      return formatExternal(peer2.range);
  }
}
function representativeOf(peer2) {
  let namespaces;
  if ("name" in peer2.namespaces) namespaces = { kind: "named", name: peer2.namespaces.name };
  else {
    const pinned = pinnedName(peer2.namespaces.selector);
    const written2 = peer2.namespaces.written ?? writtenOf(peer2.namespaces.selector);
    const text = peer2.namespaces.text;
    namespaces = pinned !== void 0 && Object.keys(written2.matchLabels).length === 1 && written2.matchExpressions.length === 0 ? { kind: "named", name: pinned } : { kind: "selected", selector: peer2.namespaces.selector, written: written2, ...text !== void 0 ? { text } : {} };
  }
  const p = peer2.pods;
  const pods = p && !isMatchAll(p.selector) ? { selector: p.selector, written: p.written ?? writtenOf(p.selector), ...p.text !== void 0 ? { text: p.text } : {} } : void 0;
  const key2 = `${nsKey(namespaces)}/${pods?.selector.key ?? ""}`;
  return { key: key2, name: nameOf(namespaces, pods), namespaces, ...pods ? { pods } : {} };
}
function heldByManifests(rep, cluster) {
  if (!rep.pods) return false;
  const onlyLabels = (w) => w.matchExpressions.length === 0 && !writtenIsEmpty(w);
  const nsLabels = rep.namespaces.kind === "named" ? { [NAMESPACE_NAME_LABEL]: rep.namespaces.name } : rep.namespaces.written.matchLabels;
  if (rep.namespaces.kind === "selected" && !onlyLabels(rep.namespaces.written)) return false;
  if (!onlyLabels(rep.pods.written)) return false;
  const nsSel = selectorFromLabels(nsLabels);
  const podSel = selectorFromLabels(rep.pods.written.matchLabels);
  return cluster.workloads.some((w) => {
    const ns = cluster.namespaces.get(w.namespace);
    return ns !== void 0 && matches(nsSel, ns.labels) && w.pods.some((p) => matches(podSel, p.labels));
  });
}
function prefixed(prefix, reqs) {
  return reqs.map((r) => ({ ...r, key: `${prefix}\0${r.key}` }));
}
function peerSpace(peer2) {
  const ns = "name" in peer2.namespaces ? { requirements: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [peer2.namespaces.name] }] } : peer2.namespaces.selector;
  const pods = peer2.pods?.selector ?? MATCH_ALL;
  const exact = !("selector" in peer2.namespaces && peer2.namespaces.selector.test) && !pods.test;
  return { reqs: [...prefixed("n", ns.requirements), ...prefixed("p", pods.requirements)], exact };
}
function holds2(r, value) {
  switch (r.operator) {
    case "In":
      return value !== void 0 && r.values.includes(value);
    case "NotIn":
      return value === void 0 || !r.values.includes(value);
    case "Exists":
      return value !== void 0;
    case "DoesNotExist":
      return value === void 0;
  }
}
function chooseLabels(own, avoid, fixed, freshNamespace) {
  const keys = /* @__PURE__ */ new Set();
  for (const r of own) keys.add(r.key);
  for (const a of avoid) for (const r of a) keys.add(r.key);
  const choice = /* @__PURE__ */ new Map();
  const options = /* @__PURE__ */ new Map();
  for (const key2 of keys) {
    if (fixed && key2.startsWith("n\0")) {
      const v = fixed.get(key2);
      if (!own.filter((r) => r.key === key2).every((r) => holds2(r, v))) return void 0;
      choice.set(key2, v);
      continue;
    }
    const mine = own.filter((r) => r.key === key2);
    let candidates;
    if (freshNamespace !== void 0 && key2 === `n\0${NAMESPACE_NAME_LABEL}`) {
      const pinned = mine.find((r) => r.operator === "In");
      candidates = pinned ? [...pinned.values] : [freshNamespace];
    } else {
      const values = /* @__PURE__ */ new Set();
      for (const r of own) if (r.key === key2) r.values.forEach((v) => values.add(v));
      for (const a of avoid) for (const r of a) if (r.key === key2) r.values.forEach((v) => values.add(v));
      candidates = [void 0, FRESH, ...[...values].sort()];
    }
    candidates = candidates.filter((v) => mine.every((r) => holds2(r, v)));
    if (candidates.length === 0) return void 0;
    options.set(key2, candidates);
    const named = mine.find((r) => r.operator === "In");
    choice.set(key2, named ? candidates.find((v) => v !== void 0 && named.values.includes(v)) : mine.some((r) => r.operator === "Exists") ? candidates.includes(FRESH) ? FRESH : candidates.find((v) => v !== void 0) : candidates[0]);
  }
  const picks = (a, c) => a.every((r) => holds2(r, c.get(r.key)));
  const byKey = /* @__PURE__ */ new Map();
  avoid.forEach((a, i) => {
    for (const r of a) {
      const list2 = byKey.get(r.key) ?? [];
      if (list2[list2.length - 1] !== i) list2.push(i);
      byKey.set(r.key, list2);
    }
  });
  for (let round = 0; round < 4 * keys.size + 4; round++) {
    let best;
    for (const [key2, candidates] of options) {
      const related = byKey.get(key2) ?? [];
      if (related.length === 0) continue;
      const current = related.filter((i) => picks(avoid[i], choice)).length;
      if (current === 0) continue;
      const old = choice.get(key2);
      for (const v of candidates) {
        if (v === old) continue;
        choice.set(key2, v);
        const gain = current - related.filter((i) => picks(avoid[i], choice)).length;
        if (gain > 0 && (!best || gain > best.gain)) best = { key: key2, value: v, gain };
      }
      choice.set(key2, old);
    }
    if (!best) break;
    choice.set(best.key, best.value);
  }
  return choice;
}
function labelsOf2(choice, prefix) {
  const out = {};
  for (const [key2, value] of choice) if (value !== void 0 && key2.startsWith(`${prefix}\0`)) out[key2.slice(2)] = value;
  return out;
}
function witnessOf(rep, cluster, avoid, fresh, made) {
  const own = [...rep.namespaces.kind === "selected" ? prefixed("n", rep.namespaces.selector.requirements) : [], ...prefixed("p", rep.pods?.selector.requirements ?? [])];
  const namespaceOf2 = (name2) => cluster.namespaces.get(name2) ?? (made.has(name2) ? { name: name2, labels: made.get(name2), declared: false } : void 0);
  let existing;
  if (rep.namespaces.kind === "named") existing = namespaceOf2(rep.namespaces.name) ?? { name: rep.namespaces.name, labels: { [NAMESPACE_NAME_LABEL]: rep.namespaces.name }, declared: false };
  const fixed = existing ? new Map(Object.entries(existing.labels).map(([k, v]) => [`n\0${k}`, v])) : void 0;
  const freshName = existing ? void 0 : fresh();
  const choice = chooseLabels(own, avoid, fixed, freshName);
  if (!choice) return void 0;
  const labels = labelsOf2(choice, "p");
  const isNew = (name2) => !cluster.namespaces.has(name2);
  if (existing) {
    if (isNew(existing.name)) made.set(existing.name, existing.labels);
    return { namespace: existing.name, newNamespace: isNew(existing.name), namespaceLabels: existing.labels, labels };
  }
  const namespaceLabels = { ...labelsOf2(choice, "n") };
  const name = namespaceLabels[NAMESPACE_NAME_LABEL] ?? freshName;
  namespaceLabels[NAMESPACE_NAME_LABEL] = name;
  const known = namespaceOf2(name);
  if (known) {
    const sel = rep.namespaces.kind === "selected" ? rep.namespaces.selector : MATCH_ALL;
    if (!matches(sel, known.labels, { namespace: name, namespaceLabels: known.labels })) return isNew(name) ? "taken" : void 0;
    return { namespace: name, newNamespace: isNew(name), namespaceLabels: known.labels, labels };
  }
  made.set(name, namespaceLabels);
  return { namespace: name, newNamespace: true, namespaceLabels, labels };
}
function fits(rep, w) {
  const context = { namespace: w.namespace, namespaceLabels: w.namespaceLabels };
  const ns = rep.namespaces.kind === "named" ? w.namespace === rep.namespaces.name : matches(rep.namespaces.selector, w.namespaceLabels, context);
  return ns && (!rep.pods || matches(rep.pods.selector, w.labels, context));
}
function representatives(cluster, extra = []) {
  const peers = [];
  for (const p of cluster.policies) if (p.kind.selectorPeers) peers.push(...p.kind.selectorPeers(p.policy));
  const ruled = peers.length;
  peers.push(...extra);
  const avoid = peers.slice(0, ruled).map((p) => peerSpace(p)).filter((s) => s.exact).map((s) => s.reqs);
  let n = 0;
  const fresh = () => `new namespace ${++n}`;
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  const unrepresented = [];
  const made = /* @__PURE__ */ new Map();
  const candidates = [];
  for (const peer2 of peers) {
    const rep = representativeOf(peer2);
    if (seen.has(rep.key)) continue;
    seen.add(rep.key);
    if (!heldByManifests(rep, cluster)) candidates.push(rep);
  }
  for (const pass of ["named", "selected"]) {
    for (const rep of candidates) {
      if (rep.namespaces.kind !== pass) continue;
      const witness = witnessOf(rep, cluster, avoid, fresh, made);
      if (witness === "taken" || witness && !fits(rep, witness)) unrepresented.push(rep.name);
      else if (witness) out.push({ ...rep, witness });
    }
  }
  const whole = witnessOf({ key: "", name: "entire-cluster", namespaces: { kind: "selected", selector: MATCH_ALL, written: WRITTEN_MATCH_ALL } }, cluster, avoid, fresh, made);
  return { representatives: out, cluster: whole, unrepresented };
}
function withWitnesses(cluster, witnesses) {
  const namespaces = new Map(cluster.namespaces);
  const workloads = [...cluster.workloads];
  const ids = new Set(cluster.workloads.map((w) => w.id));
  witnesses.forEach(({ name, witness: w }, i) => {
    if (!namespaces.has(w.namespace)) namespaces.set(w.namespace, { name: w.namespace, labels: w.namespaceLabels, declared: false });
    const id = ids.has(name) ? `${name} (${i})` : name;
    ids.add(id);
    workloads.push({ id, namespace: w.namespace, name: `representative-${i}`, kind: REPRESENTATIVE_KIND, pods: [{ labels: w.labels, ports: [], hostNetwork: false }], source: { file: "", line: 0 } });
  });
  return { ...cluster, namespaces, workloads };
}
function isRepresentative(w) {
  return w.kind === REPRESENTATIVE_KIND;
}
function sameLine(a, b) {
  const key2 = (x) => x.map((t) => `${t.protocol ?? ""}/${t.name}`).sort().join(",");
  return a.conn.equals(b.conn) && key2(a.names) === key2(b.names);
}
function withRepresentatives(matrix, options = {}, extra = []) {
  const found = representatives(matrix.cluster, extra);
  const augmented = analyze(withWitnesses(matrix.cluster, [{ name: "entire-cluster", witness: found.cluster }, ...found.representatives]), options);
  return { matrix: augmented, ...found };
}
function exposure(matrix, options = {}) {
  const cluster = matrix.cluster;
  const { matrix: augmented, representatives: reps, cluster: whole, unrepresented } = withRepresentatives(matrix, options);
  const real = cluster.workloads.length;
  const wholeEnd = real;
  const external = /* @__PURE__ */ new Map();
  for (const c of matrix.connections()) {
    const ext = c.src.kind === "external" ? c.src : c.dst.kind === "external" ? c.dst : void 0;
    const w = c.src.kind === "workload" ? c.src : c.dst.kind === "workload" ? c.dst : void 0;
    if (!ext || !w || ext.kind !== "external" || w.kind !== "workload") continue;
    const entry = external.get(w.index) ?? { ingress: [], egress: [] };
    (ext === c.src ? entry.ingress : entry.egress).push({ peer: { kind: "external", range: ext.range }, conn: c.conn, names: [] });
    external.set(w.index, entry);
  }
  const out = [];
  cluster.workloads.forEach((workload, i) => {
    const side = (direction) => {
      const held = matrix.isolation(i, direction).holders.length > 0;
      const between = (peer2) => ({
        conn: augmented.admits(i, peer2, direction),
        names: direction === "egress" ? augmented.potentialNames(i, peer2) : []
      });
      const lines = [];
      if (!held) {
        lines.push({ peer: { kind: "cluster" }, conn: ConnectionSet.ALL, names: [] });
      } else {
        const all = between(wholeEnd);
        const exposed = !all.conn.isEmpty() || all.names.length > 0;
        if (exposed) lines.push({ peer: { kind: "cluster" }, ...all });
        reps.forEach((representative, r) => {
          const got = between(real + 1 + r);
          const empty = got.conn.isEmpty() && got.names.length === 0;
          if (exposed && sameLine(got, all) || !exposed && empty) return;
          lines.push({ peer: { kind: "representative", representative }, ...got });
        });
      }
      const shown = lines.length > 0;
      lines.push(...external.get(i)?.[direction] ?? []);
      return { protected: held, lines, shown };
    };
    const ingress = side("ingress");
    const egress = side("egress");
    if (!ingress.shown && !egress.shown) return;
    out.push({ workload, index: i, ingress: { protected: ingress.protected, lines: ingress.lines }, egress: { protected: egress.protected, lines: egress.lines } });
  });
  return { matrix: augmented, representatives: reps, unrepresented, cluster: whole, workloads: out, outside: outsidePaths(matrix) };
}
function peerIndex(exposure2, peer2) {
  const real = exposure2.matrix.cluster.workloads.length - exposure2.representatives.length - 1;
  if (peer2.kind === "cluster") return real;
  if (peer2.kind === "representative") {
    const r = exposure2.representatives.indexOf(peer2.representative);
    return r < 0 ? void 0 : real + 1 + r;
  }
  return void 0;
}
function exposureDecisions(exposure2, workload, direction, peer2) {
  const m = exposure2.matrix;
  const index = peerIndex(exposure2, peer2);
  const self = m.workloadEndpoint(workload);
  const other = index !== void 0 ? m.workloadEndpoint(index) : peer2.kind === "external" ? m.externalEndpoint(peer2.range) : void 0;
  if (!other) return [];
  const x = direction === "ingress" ? m.explain(other, self) : m.explain(self, other);
  return direction === "ingress" ? x.ingress.decisions : x.egress.decisions;
}
function exposureConnText(conn, names) {
  if (names.length === 0 || conn.isAll()) return conn.toString();
  const parts = /* @__PURE__ */ new Map();
  for (const p of ["SCTP", "TCP", "UDP"]) {
    const text = conn.isEmpty() ? "" : ConnectionSet.of({ [p]: conn.get(p) }).toString();
    if (text !== "" && text !== "No Connections") parts.set(p, [text.slice(p.length + 1)]);
  }
  const byProtocol = /* @__PURE__ */ new Map();
  for (const t of names) {
    const k = t.protocol ?? "";
    byProtocol.set(k, [...byProtocol.get(k) ?? [], t.name]);
  }
  const items = [];
  for (const k of /* @__PURE__ */ new Set([...parts.keys(), ...byProtocol.keys()])) {
    const ports2 = [...parts.get(k) ?? [], ...(byProtocol.get(k) ?? []).sort()];
    items.push(`${k} ${ports2.join(",")}`);
  }
  return items.sort().join(",");
}

// src/check/invariants.ts
var MAX_WITNESSES = 1e3;
var MAX_EXPLAINED = 50;
function globRegExp(glob) {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}
var globCache = /* @__PURE__ */ new Map();
function globMatch(glob, text) {
  let re = globCache.get(glob);
  if (!re) {
    re = globRegExp(glob);
    globCache.set(glob, re);
  }
  return re.test(text);
}
function selectsWorkload(sel, w, namespaces) {
  if (w.id === INGRESS_CONTROLLER_ID) return sel.internet === true;
  if (sel.cidr) return false;
  if (isRepresentative(w) && !sel.anyNamespace) return false;
  if (sel.namespace !== void 0 && !globMatch(sel.namespace, w.namespace)) return false;
  if (sel.workload !== void 0 && !globMatch(sel.workload, `${w.namespace}/${w.name}`)) return false;
  if (sel.kind !== void 0 && sel.kind !== w.kind) return false;
  if (sel.namespaceLabels && !matches(sel.namespaceLabels, namespaces.get(w.namespace)?.labels ?? {})) return false;
  if (sel.labels && !w.pods.some((p) => matches(sel.labels, p.labels))) return false;
  return true;
}
function overlaps2(range, set2) {
  return !isEmpty(intersect(interval(range.first, range.last), set2));
}
var Picked = class {
  workloads = /* @__PURE__ */ new Set();
  addresses;
  unmatched = [];
  constructor(m, sels) {
    let addresses = EMPTY;
    for (const sel of sels) {
      if (sel.internet) {
        const controller = m.ingressController();
        if (controller?.kind === "workload") this.workloads.add(controller.index);
      }
      if (sel.cidr) {
        addresses = union(addresses, sel.cidr.addresses);
        continue;
      }
      let n = 0;
      m.workloads.forEach((w, i) => {
        if (selectsWorkload(sel, w, m.cluster.namespaces)) {
          this.workloads.add(i);
          n++;
        }
      });
      if (n === 0 && !sel.anyNamespace) this.unmatched.push(sel);
    }
    this.addresses = addresses;
  }
  /** True when the endpoint lies wholly inside the picked set. */
  covers(e) {
    return e.kind === "workload" ? this.workloads.has(e.index) : covers(this.addresses, interval(e.range.first, e.range.last));
  }
  /** The parts of an endpoint inside the picked set: the workload itself, or sub-ranges of an external range. */
  inside(m, e) {
    if (e.kind === "workload") return this.workloads.has(e.index) ? [e] : [];
    return pieces(m, intersect(interval(e.range.first, e.range.last), this.addresses));
  }
  /** The parts of an endpoint outside the picked set. */
  outside(m, e) {
    if (e.kind === "workload") return this.workloads.has(e.index) ? [] : [e];
    return pieces(m, subtract(interval(e.range.first, e.range.last), this.addresses));
  }
  endpoints(m, ranges) {
    const out = [...this.workloads].sort((a, b) => a - b).map((i) => m.workloadEndpoint(i));
    for (const r of ranges) if (overlaps2(r, this.addresses)) out.push(m.externalEndpoint(r));
    return out;
  }
};
function pieces(m, set2) {
  const out = [];
  for (let i = 0; i < set2.length; i += 2) out.push(m.externalEndpoint({ first: set2[i], last: set2[i + 1] }));
  return out;
}
var Collector = class {
  constructor(m) {
    this.m = m;
  }
  m;
  witnesses = [];
  count = 0;
  pair(src, dst, ports2) {
    this.count++;
    if (this.witnesses.length >= MAX_WITNESSES) return;
    const explained = this.witnesses.length < MAX_EXPLAINED;
    this.witnesses.push({ kind: "pair", src: src.name, dst: dst.name, ports: ports2, ...explained ? { explanation: this.m.explain(src, dst) } : {} });
  }
  workload(w, direction, message) {
    this.count++;
    if (this.witnesses.length < MAX_WITNESSES) this.witnesses.push({ kind: "workload", workload: w.id, direction, message, file: w.source.file, line: w.source.line });
  }
};
function same(a, b) {
  return a.kind === "workload" && b.kind === "workload" && a.index === b.index;
}
function selectorsOf(inv) {
  return inv.kind === "isolated" ? inv.workloads : inv.kind === "only" ? [...inv.subject, ...inv.allowed] : [...inv.from, ...inv.to];
}
function futurePeers(invariants) {
  const out = [];
  for (const inv of invariants) {
    for (const sel of selectorsOf(inv)) {
      if (!sel.anyNamespace) continue;
      out.push({ namespaces: { selector: sel.namespaceLabels ?? MATCH_ALL }, ...sel.labels ? { pods: { selector: sel.labels } } : {} });
    }
  }
  return out;
}
function invariantState(invariants, m, options = {}) {
  const future = futurePeers(invariants);
  if (future.length === 0) return m;
  return withRepresentatives(m, options, future).matrix;
}
function evaluateInvariant(inv, m) {
  const out = new Collector(m);
  const unmatched = [];
  switch (inv.kind) {
    case "never": {
      const from = new Picked(m, inv.from);
      const to = new Picked(m, inv.to);
      unmatched.push(...from.unmatched, ...to.unmatched);
      for (const src of from.endpoints(m, m.ingressRanges)) {
        for (const c of m.row(src)) {
          const bad = c.conn.intersect(inv.ports);
          if (bad.isEmpty()) continue;
          for (const s of from.inside(m, src)) for (const d of to.inside(m, c.dst)) out.pair(s, d, bad);
        }
      }
      break;
    }
    case "always": {
      const from = new Picked(m, inv.from);
      const to = new Picked(m, inv.to);
      unmatched.push(...from.unmatched, ...to.unmatched);
      for (const src of from.endpoints(m, m.ingressRanges)) {
        for (const dst of to.endpoints(m, m.egressRanges)) {
          if (same(src, dst) || src.kind === "external" && dst.kind === "external") continue;
          const missing = inv.ports.subtract(m.connection(src, dst));
          if (!missing.isEmpty()) out.pair(src, dst, missing);
        }
      }
      break;
    }
    case "only": {
      const subject = new Picked(m, inv.subject);
      const allowed = new Picked(m, inv.allowed);
      unmatched.push(...subject.unmatched, ...allowed.unmatched);
      const future = selectorsOf(inv).some((sel) => sel.anyNamespace);
      if (inv.side === "to") {
        for (const src of m.sourceEndpoints()) {
          if (allowed.covers(src) || !future && src.kind === "workload" && isRepresentative(src.workload)) continue;
          for (const c of m.row(src)) {
            const bad = c.conn.intersect(inv.ports);
            if (bad.isEmpty()) continue;
            for (const s of allowed.outside(m, src)) for (const d of subject.inside(m, c.dst)) if (!same(s, d)) out.pair(s, d, bad);
          }
        }
      } else {
        for (const src of subject.endpoints(m, m.ingressRanges)) {
          for (const c of m.row(src)) {
            const bad = c.conn.intersect(inv.ports);
            if (bad.isEmpty()) continue;
            if (!future && c.dst.kind === "workload" && isRepresentative(c.dst.workload)) continue;
            for (const s of subject.inside(m, src)) for (const d of allowed.outside(m, c.dst)) out.pair(s, d, bad);
          }
        }
      }
      break;
    }
    case "isolated": {
      const picked = new Picked(m, inv.workloads);
      unmatched.push(...picked.unmatched);
      const directions = inv.direction === "both" ? ["ingress", "egress"] : [inv.direction];
      for (const i of [...picked.workloads].sort((a, b) => a - b)) {
        const w = m.workloads[i];
        for (const d of directions) {
          if (!m.isolation(i, d).isolated) out.workload(w, d, `no policy isolates ${w.id} for ${d}, so all ${d} traffic is allowed by default`);
        }
      }
      break;
    }
  }
  const status = unmatched.length > 0 ? "unmatched" : out.count > 0 ? "violated" : "holds";
  return { status, unmatched, witnesses: out.witnesses, witnessCount: out.count };
}
function checkInvariants(invariants, given, options = {}) {
  const m = invariantState(invariants, given, options);
  return invariants.map((invariant) => {
    const head = evaluateInvariant(invariant, m);
    return { invariant, status: head.status, head };
  });
}
function compareInvariants(invariants, givenBase, givenHead, options = {}) {
  const base = invariantState(invariants, givenBase, options);
  const head = invariantState(invariants, givenHead, options);
  return invariants.map((invariant) => {
    const b = evaluateInvariant(invariant, base);
    const h = evaluateInvariant(invariant, head);
    const bad = (s) => s.status !== "holds";
    const status = h.status === "unmatched" ? "unmatched" : bad(h) ? bad(b) ? "still violated" : "newly violated" : bad(b) ? "fixed" : "holds";
    return { invariant, status, base: b, head: h };
  });
}
function failing(r) {
  switch (r.status) {
    case "holds":
    case "fixed":
      return { failed: false, isNew: false };
    case "newly violated":
      return { failed: true, isNew: true };
    case "still violated":
      return { failed: true, isNew: false };
    case "violated":
      return { failed: true, isNew: true };
    case "unmatched":
      return { failed: true, isNew: r.base === void 0 || r.base.status !== "unmatched" };
  }
}

// src/change/affected.ts
function positional(key2) {
  return key2 === "source" || key2 === "line" || key2.endsWith("Line");
}
function shallowSame(a, b) {
  const x = a;
  const y = b;
  let count = 0;
  for (const k in x) {
    count++;
    if (x[k] !== y[k] && !positional(k)) return false;
  }
  return count === Object.keys(y).length;
}
function deepSame(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepSame(a[i], b[i])) return false;
    return true;
  }
  const x = a;
  const y = b;
  let count = 0;
  for (const k in x) {
    if (x[k] === void 0 || positional(k)) continue;
    if (!deepSame(x[k], y[k])) return false;
    count++;
  }
  for (const k in y) if (y[k] !== void 0 && !positional(k)) count--;
  return count === 0;
}
function samePolicy(a, b) {
  return a === b || shallowSame(a, b) || deepSame(a, b);
}
function samePods(a, b) {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((p, i) => p === b[i] || JSON.stringify(p) === JSON.stringify(b[i]));
}
function sameNamespace(a, b) {
  if (!a || !b) return a === b;
  return a === b || a.labels === b.labels || JSON.stringify(a.labels) === JSON.stringify(b.labels);
}
function sameLabels(a, b) {
  return a === b || a !== void 0 && b !== void 0 && JSON.stringify(a) === JSON.stringify(b);
}
var RESYNC_WINDOW = 64;
function unpaired(a, b, sameKey, same2) {
  const restA = [];
  const restB = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (sameKey(a[i], b[j])) {
      if (!same2(a[i], b[j])) {
        restA.push(a[i]);
        restB.push(b[j]);
      }
      i++;
      j++;
      continue;
    }
    let skipA = 0;
    let skipB = 0;
    for (let k = 1; k <= RESYNC_WINDOW && (skipA === 0 || skipB === 0); k++) {
      if (skipA === 0 && i + k < a.length && sameKey(a[i + k], b[j])) skipA = k;
      if (skipB === 0 && j + k < b.length && sameKey(a[i], b[j + k])) skipB = k;
    }
    if (skipA > 0 && (skipB === 0 || skipA <= skipB)) {
      for (const end = i + skipA; i < end; i++) restA.push(a[i]);
    } else if (skipB > 0) {
      for (const end = j + skipB; j < end; j++) restB.push(b[j]);
    } else {
      restA.push(a[i++]);
      restB.push(b[j++]);
    }
  }
  for (; i < a.length; i++) restA.push(a[i]);
  for (; j < b.length; j++) restB.push(b[j]);
  return [restA, restB];
}
var policyKey = (p) => `${p.kind}\0${policyId(p)}`;
function unpairedPolicies(base, head) {
  const sameKey = (a, b2) => a.kind === b2.kind && a.policy.name === b2.policy.name && a.policy.namespace === b2.policy.namespace;
  const [b, h] = unpaired(base.policies, head.policies, sameKey, (x, y) => samePolicy(x.policy, y.policy));
  const byKey = (list2) => new Map(list2.map((p) => [policyKey(p.policy), p]));
  return [byKey(b), byKey(h)];
}
var changes = /* @__PURE__ */ new WeakMap();
function clusterChange(base, head) {
  const known = changes.get(head);
  if (known?.base === base) return known.change;
  const namespaces = /* @__PURE__ */ new Set();
  let declared = false;
  for (const [name, ns] of base.namespaces) {
    const other = head.namespaces.get(name);
    if (!sameNamespace(ns, other)) namespaces.add(name);
    if (ns.declared !== (other?.declared ?? false)) declared = true;
  }
  for (const [name, ns] of head.namespaces) {
    if (!sameNamespace(base.namespaces.get(name), ns)) namespaces.add(name);
    if (ns.declared && !base.namespaces.get(name)?.declared) declared = true;
  }
  for (const [id, labels] of base.serviceAccounts) if (!sameLabels(labels, head.serviceAccounts.get(id))) namespaces.add(id.slice(0, id.indexOf("/")));
  for (const id of head.serviceAccounts.keys()) if (!base.serviceAccounts.has(id)) namespaces.add(id.slice(0, id.indexOf("/")));
  const workloads = /* @__PURE__ */ new Set();
  const workloadNamespaces = /* @__PURE__ */ new Set();
  const changed = (w) => {
    workloads.add(w.id);
    workloadNamespaces.add(w.namespace);
  };
  const [baseWorkloads, headWorkloads] = unpaired(
    base.workloads,
    head.workloads,
    (a, b) => a.id === b.id,
    (a, b) => samePods(a.pods, b.pods)
  );
  const headById = new Map(headWorkloads.map((w) => [w.id, w]));
  const baseIds = /* @__PURE__ */ new Set();
  for (const w of baseWorkloads) {
    baseIds.add(w.id);
    const h = headById.get(w.id);
    if (!h || !samePods(w.pods, h.pods)) changed(w);
  }
  for (const w of headWorkloads) if (!baseIds.has(w.id)) changed(w);
  const [basePolicies, headPolicies] = unpairedPolicies(base, head);
  const policies = /* @__PURE__ */ new Map();
  for (const [key2, p] of basePolicies) {
    const h = headPolicies.get(key2);
    if (!h || !samePolicy(p.policy, h.policy)) policies.set(key2, h ? { base: p, head: h } : { base: p });
  }
  for (const [key2, p] of headPolicies) if (!basePolicies.has(key2)) policies.set(key2, { head: p });
  const policyNamespaces = /* @__PURE__ */ new Set();
  let admin = false;
  for (const { base: b, head: h } of policies.values()) {
    const p = (b ?? h).policy;
    if (p.namespace !== void 0) policyNamespaces.add(p.namespace);
    else admin = true;
  }
  const change = { namespaces, declared, workloads, workloadNamespaces, policies, policyNamespaces, admin };
  changes.set(head, { base, change });
  return change;
}
function dependents(change, base, head) {
  const out = [];
  if (change.policies.size === 0) return out;
  for (const [state, cluster] of [["base", base], ["head", head]]) {
    for (const p of cluster.policies) {
      for (const d of p.kind.dependsOn?.(p.policy) ?? []) {
        const key2 = `${d.kind}\0${d.name}`;
        if (change.policies.has(key2)) out.push([state, p, key2]);
      }
    }
  }
  return out;
}
function affectedEnds(base, head) {
  const change = clusterChange(base.cluster, head.cluster);
  const sources = /* @__PURE__ */ new Set();
  const destinations = /* @__PURE__ */ new Set();
  const both = (id) => {
    sources.add(id);
    destinations.add(id);
  };
  for (const id of change.workloads) both(id);
  if (change.namespaces.size > 0) {
    for (const w of base.cluster.workloads) if (change.namespaces.has(w.namespace)) both(w.id);
    for (const w of head.cluster.workloads) if (change.namespaces.has(w.namespace)) both(w.id);
  }
  const mark = (m, p) => {
    for (const { direction, workloads } of m.subjects(p.policy)) {
      const into = direction === "egress" ? sources : destinations;
      for (const w of workloads) into.add(w.id);
    }
  };
  for (const { base: b, head: h } of change.policies.values()) {
    if (b) mark(base, b);
    if (h) mark(head, h);
  }
  for (const [m, p] of dependents(change, base.cluster, head.cluster)) mark(m === "base" ? base : head, p);
  for (const m of [base, head]) {
    const controller = m.ingressController();
    if (controller) sources.add(controller.name);
  }
  return { sources, destinations };
}

// src/model/plural.ts
function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

// src/check/dns.ts
var DNS_PORT = 53;
var DNS_PORTS = [DNS_PORT, 5353];
var CLUSTER_DNS = [
  { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
  { namespace: "openshift-dns", labels: { "dns.operator.openshift.io/daemonset-dns": "default" } }
];
var DNS_PORT_NAMES = { dns: "UDP", "dns-tcp": "TCP" };
var DNS_APPS = /* @__PURE__ */ new Set(["kube-dns", "coredns", "node-local-dns"]);
function isDnsWorkload(w) {
  return DNS_APPS.has(w.name) || w.pods.some((p) => DNS_APPS.has(p.labels["k8s-app"] ?? "") || DNS_APPS.has(p.labels["app.kubernetes.io/name"] ?? ""));
}
function allowsDns(ports2, protocol, explicit = false) {
  if (ports2 === "all") return true;
  return ports2.some((p) => {
    if (p.kind === "named") return (p.protocol === void 0 || p.protocol === protocol) && DNS_PORT_NAMES[p.name] === protocol;
    if (p.protocol !== protocol) return false;
    if (p.kind === "all") return true;
    return DNS_PORTS.some((port) => p.from <= port && port <= p.to) && !(explicit && p.protocolOmitted);
  });
}

// src/check/cilium.ts
var CILIUM_KINDS = /* @__PURE__ */ new Set(["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"]);
var COMMON_PORTS = /* @__PURE__ */ new Set([80, 443]);
var ALL_IPV4_TEXT = "0.0.0.0/0";
function rulePorts2(rule) {
  return rule.ports === "all" ? "all" : rule.ports.flatMap((p) => p.ports);
}
function portsText(ports2) {
  return ports2.map((p) => p.kind === "named" ? `port "${p.name}"` : p.kind === "all" ? `${p.protocol} (all ports)` : `${p.protocol} ${p.from === p.to ? p.from : `${p.from}-${p.to}`}`).join(", ");
}
function* selectors(p) {
  for (const s of p.specs) if (s.subject) yield { selector: s.subject, what: `${s.path}.endpointSelector` };
  for (const rule of [...p.ingress, ...p.egress]) {
    if (rule.peers === "any" || rule.peers === "none") continue;
    for (const peer2 of rule.peers) if (peer2.kind === "endpoints") yield { selector: peer2.selector, what: `${ruleName(p, rule)} ${rule.section.startsWith("ingress") ? "fromEndpoints" : "toEndpoints"}` };
  }
}
var CiliumChecks = class {
  constructor(matrix, options, dnsEndpoints, warn) {
    this.matrix = matrix;
    this.options = options;
    this.dnsEndpoints = dnsEndpoints;
    this.warn = warn;
    for (const p of matrix.cluster.policies) {
      if (CILIUM_KINDS.has(p.policy.kind)) this.byKey.set(`${p.policy.kind}\0${policyId(p.policy)}`, p.policy);
    }
  }
  matrix;
  options;
  dnsEndpoints;
  warn;
  byKey = /* @__PURE__ */ new Map();
  dns = /* @__PURE__ */ new Map();
  get policies() {
    return this.byKey.values();
  }
  /** The Cilium policy a holder names, if it is one. */
  policy(h) {
    return this.byKey.get(`${h.kind}\0${h.id}`);
  }
  /** Whether a peer reaches where cluster DNS answers: kube-dns by its labels, the cluster or the nodes (node-local DNS), or a Service; never world or a CIDR, which pods are not. */
  peerReachesDns(peer2) {
    switch (peer2.kind) {
      case "endpoints":
        return this.dnsEndpoints.some((e) => selectsPod(peer2.selector, e.namespaceLabels, e.podLabels));
      case "entity":
        return ["all", "cluster", "cluster-mesh", "host", "remote-node"].includes(peer2.entity);
      case "unmodelled":
        return peer2.what === "toServices";
      default:
        return false;
    }
  }
  reachesDns(rule) {
    return rule.peers === "any" || rule.peers !== "none" && rule.peers.some((p) => this.peerReachesDns(p));
  }
  /** What DNS the egress allow rules of a policy allow towards cluster DNS. */
  dnsOf(p) {
    let d = this.dns.get(p);
    if (!d) {
      d = { udp: false, tcp: false, tcpExplicit: false, anything: false };
      for (const rule of p.egress) {
        if (rule.action !== "allow") continue;
        const ports2 = rulePorts2(rule);
        d.anything ||= rule.peers !== "none" && (ports2 === "all" || ports2.length > 0);
        if (!this.reachesDns(rule)) continue;
        d.udp ||= allowsDns(ports2, "UDP");
        d.tcp ||= allowsDns(ports2, "TCP");
        d.tcpExplicit ||= allowsDns(ports2, "TCP", true);
      }
      this.dns.set(p, d);
    }
    return d;
  }
  /** Whether some egress rule of a policy sends DNS to cluster DNS through Cilium's DNS proxy (a rule with rules: dns). */
  hasDnsProxy(p) {
    return p.egress.some((rule) => rule.action === "allow" && rule.ports !== "all" && rule.ports.some((pr) => pr.l7 === "L7 DNS") && this.reachesDns(rule));
  }
  /** The policy warnings (RD121 to RD129) of the Cilium policies, or of those named in `only` (`ns/name` or `name`). */
  run(only) {
    for (const p of this.policies) if (!only || only.has(policyId(p))) this.lintPolicy(p);
  }
  lintPolicy(p) {
    const id = policyId(p);
    const what = `${p.kind} ${id}`;
    const at = (line) => ({ file: p.source.file, line });
    const warn = (code, line, message) => this.warn(code, at(line), id, `${what}: ${message}`);
    for (const f of p.unknownFields) {
      warn(
        WarningCodes.ciliumUnknownField,
        f.line,
        `${f.path} is not a field there${f.why ? ` (${f.why})` : ""}: the API server drops it (or, under strict field validation, rejects the policy), so the rule is read without it`
      );
    }
    for (const q of p.portQuirks) warn(WarningCodes.ciliumPortRangeBelow, q.line, `${q.what}: ${q.message}`);
    for (const { selector: selector3, what: where2 } of selectors(p)) {
      for (const key2 of selector3.dropped) {
        warn(WarningCodes.ciliumLabelNotInIdentity, selector3.line, `${where2} selects on ${key2}, a label Cilium leaves out of security identities (its default label filter), so no pod matches it there`);
      }
      if (selector3.acrossNamespaces) {
        warn(
          WarningCodes.ciliumNamespaceLabelsAcrossNamespaces,
          selector3.line,
          `${where2} names namespace labels and no namespace: Cilium 1.16 and later match pods of every namespace with those labels (earlier versions, and the documentation, only the policy's namespace); add io.kubernetes.pod.namespace to say which`
        );
      }
    }
    for (const spec of p.specs) {
      for (const e of spec.emptySections) {
        const direction = e.section.startsWith("ingress") ? "ingress" : "egress";
        if (spec.has[direction] || e.section.endsWith("Deny")) continue;
        warn(WarningCodes.ciliumEmptySection, e.line, `${e.section}: [] puts no pod in default deny and allows nothing more; write ${e.section}: [{}] to deny all ${direction} traffic`);
      }
    }
    this.lintDenyOnly(p, warn);
    for (const rule of [...p.ingress, ...p.egress]) {
      if (rule.peers === "any" || rule.peers === "none") continue;
      this.lintCidrs(p, rule, warn);
      if (rule.action === "allow" && rule.section === "egress") {
        this.lintWorld(p, rule, warn);
        if (rule.peers.some((x) => x.kind === "fqdn")) this.lintFqdn(p, rule, warn);
      }
    }
  }
  /** RD128: a spec rule with deny rules only in a direction isolates its pods, and here no other policy allows them anything. */
  lintDenyOnly(p, warn) {
    p.specs.forEach((spec, i) => {
      if (!spec.subject) return;
      for (const direction of ["ingress", "egress"]) {
        if (spec.enableDefaultDeny[direction] !== void 0) continue;
        const rules = p[direction].filter((r) => r.spec === i);
        if (rules.length === 0 || rules.some((r) => r.action === "allow")) continue;
        if (this.heldByOthers(p, direction)) continue;
        const section = `${direction}Deny`;
        warn(
          WarningCodes.ciliumDenyOnlyDefaultDeny,
          rules[0].line,
          `${section} alone puts the pods it selects in ${direction} default deny: besides what it denies, everything is dropped, as no other policy allows them anything; set enableDefaultDeny: {${direction}: false} to only deny`
        );
      }
    });
  }
  /** Whether some workload the policy holds in a direction is held by another policy too. */
  heldByOthers(p, direction) {
    for (const s of this.matrix.subjects(p)) {
      if (s.direction !== direction) continue;
      for (const w of s.workloads) {
        const index = this.matrix.workloadEndpoint(w.id);
        if (index?.kind !== "workload") continue;
        if (this.matrix.isolation(index.index, direction).holders.some((h) => h.kind !== p.kind || h.id !== policyId(p))) return true;
      }
    }
    return false;
  }
  /** RD123: a CIDR rule that looks meant for pods: 0.0.0.0/0, or the pod network given with --pod-cidr. */
  lintCidrs(p, rule, warn) {
    const field2 = rule.section.startsWith("ingress") ? "fromCIDR" : "toCIDR";
    const pods = (this.options.podCIDRs ?? []).map(parseCidr).filter((c) => c.kind === "ipv4");
    for (const peer2 of rule.peers) {
      if (peer2.kind !== "cidr") continue;
      const c = parseCidr(peer2.cidr);
      if (c.kind !== "ipv4") continue;
      const whole = c.first === 0 && c.last === 4294967295;
      const podNetwork = pods.find((n) => n.kind === "ipv4" && n.first <= c.last && c.first <= n.last);
      if (!whole && !podNetwork) continue;
      const why = whole ? `${ALL_IPV4_TEXT} is every address outside the cluster` : `${peer2.cidr} overlaps the pod network`;
      const instead = rule.section.startsWith("ingress") ? "fromEndpoints or fromEntities: [cluster]" : "toEndpoints or toEntities: [cluster]";
      warn(
        WarningCodes.ciliumCidrForPods,
        peer2.line,
        `${ruleName(p, rule)} ${field2} ${peer2.cidr}: ${why}, but CIDR rules never match pods or nodes in Cilium (their identities are not CIDRs); select them with ${instead}${whole ? ", or everything with all" : ""}`
      );
    }
  }
  /** RD122: toEntities world with ports that workloads of the manifests serve: world is only what is outside the cluster. */
  lintWorld(p, rule, warn) {
    const entities = rule.peers.flatMap((x) => x.kind === "entity" ? [x.entity] : []);
    if (!entities.includes("world") || entities.some((e) => e === "cluster" || e === "all" || e === "cluster-mesh") || rule.ports === "all") return;
    const ports2 = rule.ports.flatMap((p2) => p2.ports).filter((p2) => p2.kind !== "numbers" || !(p2.from === p2.to && COMMON_PORTS.has(p2.from)));
    if (ports2.length === 0) return;
    const serving = this.serving(ports2);
    if (!serving) return;
    warn(
      WarningCodes.ciliumWorldNotCluster,
      rule.line,
      `${ruleName(p, rule)} toEntities [world] on ${portsText(ports2)}: world is only what is outside the cluster, so it does not reach ${serving.workload.id}, which serves ${serving.port}; use cluster (or toEndpoints) for destinations in the cluster`
    );
  }
  /** A workload of the manifests that declares a container port some of `ports` matches. */
  serving(ports2) {
    const allowed = ports2.filter((p) => p.kind !== "named").reduce((c, p) => c.union(p.kind === "all" ? ConnectionSet.ports(p.protocol) : ConnectionSet.ports(p.protocol, p.from, p.to)), ConnectionSet.NONE);
    const names = ports2.flatMap((p) => p.kind === "named" ? [p] : []);
    for (const w of this.matrix.cluster.workloads) {
      for (const pod of w.pods) {
        for (const cp of pod.ports) {
          const named = cp.name !== void 0 && names.some((n) => n.name === cp.name && (n.protocol === void 0 || n.protocol === cp.protocol));
          if (named || allowed.contains(cp.protocol, cp.port)) return { workload: w, port: `${cp.protocol} ${cp.port}` };
        }
      }
    }
    return void 0;
  }
  /** RD121: toFQDNs while the pods send no DNS through Cilium's DNS proxy, which is where the names' addresses are learned. */
  lintFqdn(p, rule, warn) {
    const names = rule.peers.flatMap((x) => x.kind === "fqdn" ? x.names : []);
    for (const s of this.matrix.subjects(p)) {
      if (s.direction !== "egress") continue;
      for (const w of s.workloads) {
        const e = this.matrix.workloadEndpoint(w.id);
        if (e?.kind !== "workload") continue;
        const holders = this.matrix.isolation(e.index, "egress").holders;
        if (holders.some((h) => this.policy(h) !== void 0 && this.hasDnsProxy(this.policy(h)))) continue;
        warn(
          WarningCodes.ciliumFqdnWithoutDnsProxy,
          rule.line,
          `${ruleName(p, rule)} toFQDNs ${names.join(", ")}: Cilium learns the addresses of names only from lookups through its DNS proxy, and no egress rule of ${w.id} sends DNS to kube-dns with rules: {dns: [...]}, so the names allow no address`
        );
        return;
      }
    }
  }
};

// src/check/calico.ts
var CALICO_KINDS2 = /* @__PURE__ */ new Set(["CalicoNetworkPolicy", "GlobalNetworkPolicy"]);
var NAME_LABELS = /* @__PURE__ */ new Set(["projectcalico.org/name", "kubernetes.io/metadata.name"]);
function idOf(p) {
  return p.namespace !== void 0 ? `${p.namespace}/${p.name}` : p.name;
}
function labelOf(p) {
  return `${p.kind} ${idOf(p)}`;
}
function matchesDns(ctx, s) {
  return ctx.dnsEndpoints.some((e) => {
    const context = { namespace: e.namespace, namespaceLabels: e.namespaceLabels };
    const inNamespace = typeof s.namespaces === "string" ? s.namespaces === e.namespace : matches(s.namespaces, e.namespaceLabels, context);
    return inNamespace && (!s.pods || matches(s.pods, e.podLabels, { ...context, serviceAccount: "default" }));
  });
}
function namespacesOf(ctx, s) {
  return typeof s.namespaces === "string" ? [s.namespaces] : ctx.matrix.selectNamespaces(s.namespaces);
}
function workloadsIn(ctx, namespaces) {
  const set2 = new Set(namespaces);
  return ctx.matrix.workloads.filter((w) => set2.has(w.namespace)).length;
}
function lintSubject(ctx, p) {
  if (p.hostEndpointsOnly) return;
  const selects2 = p.selector.expr.op !== "all" || p.namespaceSelector !== void 0 || p.serviceAccountSelector !== void 0;
  if (!selects2) return;
  const s = subjectSelection(p);
  if (ctx.matrix.selectsWorkloads(s.namespaces, s.pods)) return;
  const where2 = p.namespace !== void 0 ? [p.namespace] : ctx.matrix.cluster.workloads.map((w) => w.namespace);
  if (workloadsIn(ctx, where2) === 0) return;
  const what = [p.selector.expr.op !== "all" ? `selector ${JSON.stringify(p.selector.text)}` : "", p.namespaceSelector ? `namespaceSelector ${JSON.stringify(p.namespaceSelector.text)}` : "", p.serviceAccountSelector ? `serviceAccountSelector ${JSON.stringify(p.serviceAccountSelector.text)}` : ""].filter(Boolean).join(" and ");
  ctx.warn(WarningCodes.calicoSelectsNothing, { file: p.source.file, line: p.selectorLine }, idOf(p), `${labelOf(p)}: ${what} selects no workload${p.namespace !== void 0 ? ` of namespace ${p.namespace}` : ""}, so the policy holds nothing`);
}
function negatedPart(e) {
  const x = e.selector?.expr;
  if (x?.op === "not") return x.expr;
  if (x?.op === "!=") return { op: "==", label: x.label, value: x.value };
  if (x?.op === "not in") return { op: "in", label: x.label, values: x.values };
  return void 0;
}
function lintRule(ctx, p, rule, direction) {
  if (rule.action === "Log") return;
  const remote = direction === "ingress" ? rule.source : rule.destination;
  const side = direction === "ingress" ? "source" : "destination";
  const at = { file: p.source.file, line: rule.line };
  const what = `${labelOf(p)}: ${direction} rule ${rule.index}`;
  const id = idOf(p);
  const selection2 = entitySelection(p, remote);
  if (selection2 && remote.namespaceSelector && remote.namespaceSelector.expr.op !== "global" && typeof selection2.namespaces !== "string") {
    const checkable = ctx.declaredNamespaces || labelsOf(remote.namespaceSelector.expr).every((l) => NAME_LABELS.has(l));
    if (checkable && ctx.matrix.selectNamespaces(selection2.namespaces).length === 0 && !matchesDns(ctx, { namespaces: selection2.namespaces, pods: void 0 })) {
      ctx.warn(WarningCodes.calicoSelectsNothing, at, id, `${what} ${side} namespaceSelector ${JSON.stringify(remote.namespaceSelector.text)} matches no namespace in the manifests`);
      return;
    }
  }
  if (selection2 && (remote.selector || remote.serviceAccounts) && remote.namespaceSelector?.expr.op !== "global") {
    const where2 = namespacesOf(ctx, selection2);
    if (!ctx.matrix.selectsWorkloads(selection2.namespaces, selection2.pods) && workloadsIn(ctx, where2) > 0 && !matchesDns(ctx, selection2)) {
      const sel = remote.selector ? `selector ${JSON.stringify(remote.selector.text)}` : "serviceAccounts";
      const scope = typeof selection2.namespaces === "string" ? `namespace ${selection2.namespaces}` : remote.namespaceSelector ? `the namespaces namespaceSelector ${JSON.stringify(remote.namespaceSelector.text)} picks` : "any namespace";
      ctx.warn(WarningCodes.calicoSelectsNothing, at, id, `${what} ${side} ${sel} matches no workload in ${scope}`);
    }
  }
  const negation = negatedPart(remote);
  if (rule.action !== "Allow" && remote.selector && negation && !remote.nets && !remote.notSelector) {
    ctx.warn(
      WarningCodes.calicoNegatedSelector,
      at,
      id,
      `${what} (${rule.action}) has ${side} selector ${JSON.stringify(remote.selector.text)}, which matches pods only, never external addresses; notSelector: ${JSON.stringify(formatCalicoSelector(negation))} matches every ${side} but those pods, external addresses included`
    );
  }
  if (rule.action === "Allow" && p.namespace === void 0 && remote.notSelector && !selection2 && !remote.nets && !remote.notNets && !remote.services) {
    ctx.warn(
      WarningCodes.calicoNotSelectorAllowsAll,
      at,
      id,
      `${what} allows ${side}s by notSelector ${JSON.stringify(remote.notSelector.text)} alone, which matches every address outside the cluster too, not only the other pods; selector: ${JSON.stringify(`!(${remote.notSelector.text})`)} would match pods only`
    );
  }
}
function overlap(a, b) {
  const ports2 = a.ports.hasNamed || b.ports.hasNamed || !a.ports.numeric.intersect(b.ports.numeric).isEmpty();
  if (!ports2) return false;
  if (!isEmpty(intersect(a.addresses, b.addresses))) return true;
  const size = (m) => m.kind === "set" ? m.classes.length : 1;
  if (size(a.classes) === 0 || size(b.classes) === 0) return false;
  if (a.classes.kind !== "set" || b.classes.kind !== "set") return true;
  const y = new Set(b.classes.classes);
  return a.classes.classes.some((c) => y.has(c));
}
function lintShadowing(ctx, policies) {
  const seen = /* @__PURE__ */ new Set();
  const m = ctx.matrix;
  m.workloads.forEach((_, i) => {
    for (const direction of ["ingress", "egress"]) {
      for (const dp of m.directionPolicies(i, direction)) {
        for (const t of dp.tiers) {
          if (t.tier.name !== "default") continue;
          t.rules.forEach((r, k) => {
            const p = policies.get(r.origin.model.policy.policy);
            if (!p || r.action === "allow" || ctx.only && !ctx.only.has(idOf(p))) return;
            for (const a of t.rules.slice(k + 1)) {
              if (a.action !== "allow" || a.origin.policyKind !== "NetworkPolicy" || !overlap(r, a)) continue;
              const key2 = `${r.id}\0${a.origin.policy}`;
              if (seen.has(key2)) continue;
              seen.add(key2);
              const order = p.order !== void 0 ? `order ${p.order}` : "no order";
              ctx.warn(
                WarningCodes.calicoDenyBeforeKubernetes,
                r.origin.source,
                idOf(p),
                `${labelOf(p)}: ${direction} rule ${r.origin.index} (${r.action === "deny" ? "Deny" : "Pass"}, ${order}) comes before NetworkPolicy ${a.origin.policy}, which Calico places in the default tier at order ${KUBERNETES_NETWORK_POLICY_ORDER}, and ${r.action === "deny" ? "denies" : "passes on"} traffic that policy allows`
              );
            }
          });
        }
      }
    }
  });
}
function lintCalico(ctx) {
  const cluster = ctx.matrix.cluster;
  const policies = /* @__PURE__ */ new Map();
  const tiers = /* @__PURE__ */ new Map();
  for (const p of cluster.policies) {
    if (CALICO_KINDS2.has(p.policy.kind)) policies.set(p.policy, p.policy);
    else if (p.policy.kind === "Tier") tiers.set(p.policy.name, p.policy);
  }
  if (policies.size === 0 && tiers.size === 0) return;
  const used = /* @__PURE__ */ new Set();
  for (const p of policies.values()) {
    used.add(p.tier);
    const id = idOf(p);
    if (ctx.only && !ctx.only.has(id)) continue;
    if (!tiers.has(p.tier) && !BUILTIN_TIERS.has(p.tier)) {
      ctx.warn(
        WarningCodes.calicoTierUndeclared,
        p.source,
        id,
        `${labelOf(p)} is in tier "${p.tier}", which no Tier of the manifests declares; Calico applies such a policy after every tier and drops what it does not decide (declare the Tier, with its order)`
      );
    }
    for (const ignored of p.ignoredRules) {
      const type2 = ignored.direction === "ingress" ? "Ingress" : "Egress";
      ctx.warn(WarningCodes.calicoRulesIgnored, { file: p.source.file, line: ignored.line }, id, `${labelOf(p)}: Calico ignores its ${plural(ignored.count, `${ignored.direction} rule`)}, as spec.types does not list ${type2}`);
    }
    lintSubject(ctx, p);
    for (const direction of ["ingress", "egress"]) for (const rule of p[direction]) lintRule(ctx, p, rule, direction);
  }
  for (const t of tiers.values()) {
    if (used.has(t.name) || BUILTIN_TIERS.has(t.name) || ctx.only && !ctx.only.has(t.name)) continue;
    ctx.warn(WarningCodes.calicoTierUnused, t.source, t.name, `Tier ${t.name} holds no policy of the manifests; a policy meant for it that names another tier (or none, the default) is evaluated elsewhere`);
  }
  if (policies.size > 0 && cluster.networkPolicies.length > 0) lintShadowing(ctx, policies);
}

// src/check/lint.ts
function compareSources(a, b) {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}
function objectOf(namespace, name) {
  return `${namespace}/${name}`;
}
function policyObject(p) {
  return objectOf(p.namespace, p.name);
}
function calicoHolds(holders) {
  return holders.some((h) => h.kind === "CalicoNetworkPolicy" || h.kind === "GlobalNetworkPolicy");
}
var DIRECTION_WORDS = {
  ingress: { field: "from", peer: "source", policyType: "Ingress" },
  egress: { field: "to", peer: "destination", policyType: "Egress" }
};
var Index = class {
  constructor(matrix) {
    this.matrix = matrix;
    this.workloads = matrix.cluster.workloads;
    this.namespaces = matrix.cluster.namespaces;
    this.workloads.forEach((w, i) => {
      const list2 = this.byNamespace.get(w.namespace);
      if (list2) list2.push(i);
      else this.byNamespace.set(w.namespace, [i]);
    });
    this.declaredNamespaces = [...this.namespaces.values()].some((n) => n.declared);
  }
  matrix;
  /** The workloads of each namespace, by index into the cluster's. */
  byNamespace = /* @__PURE__ */ new Map();
  namespaceSetCache = /* @__PURE__ */ new Map();
  declaredCache = /* @__PURE__ */ new Map();
  /** Per namespace, the pods declaring each container port name. */
  portNames = /* @__PURE__ */ new Map();
  declaredNamespaces;
  workloads;
  namespaces;
  namespacesMatching(selector3) {
    return this.matrix.selectNamespaces(selector3);
  }
  namespaceSet(selector3) {
    let set2 = this.namespaceSetCache.get(selector3.key);
    if (!set2) {
      set2 = new Set(this.namespacesMatching(selector3));
      this.namespaceSetCache.set(selector3.key, set2);
    }
    return set2;
  }
  /** The namespaces a peer's pods live in: those its namespaceSelector picks, or the policy's own. */
  peerNamespaces(policy, peer2) {
    return peer2.namespaceSelector ? this.namespacesMatching(peer2.namespaceSelector) : [policy.namespace];
  }
  workloadsIn(namespaces) {
    return namespaces.reduce((n, ns) => n + (this.byNamespace.get(ns)?.length ?? 0), 0);
  }
  /** The pods of a namespace that declare a container port of this name; indexed per namespace on first use. */
  podsDeclaring(name, namespace) {
    let byName2 = this.portNames.get(namespace);
    if (!byName2) {
      byName2 = /* @__PURE__ */ new Map();
      for (const w of this.byNamespace.get(namespace) ?? []) {
        for (const pod of this.workloads[w].pods) {
          for (let i = 0; i < pod.ports.length; i++) {
            const n = pod.ports[i].name;
            if (n === void 0 || pod.ports.findIndex((c) => c.name === n) !== i) continue;
            const list2 = byName2.get(n);
            if (list2) list2.push(pod);
            else byName2.set(n, [pod]);
          }
        }
      }
      this.portNames.set(namespace, byName2);
    }
    return byName2.get(name) ?? [];
  }
  /** Protocols a port name is declared with on some pods, computed once per pod signature and name. */
  declaredOn(key2, compute) {
    if (this.declaredCache.has(key2)) return this.declaredCache.get(key2);
    const set2 = compute();
    this.declaredCache.set(key2, set2);
    return set2;
  }
  /** Whether a peer matches a pod of a namespace. */
  peerSelects(policy, peer2, namespace, labels) {
    const ns = peer2.namespaceSelector ? this.namespaceSet(peer2.namespaceSelector).has(namespace) : namespace === policy.namespace;
    return ns && (!peer2.podSelector || matches(peer2.podSelector, labels));
  }
  selectsSubjects(policy) {
    return this.matrix.selectsWorkloads(policy.namespace, policy.podSelector);
  }
  selectsPeers(policy, peer2) {
    return this.matrix.selectsWorkloads(peer2.namespaceSelector ?? policy.namespace, peer2.podSelector);
  }
};
var Linter = class {
  constructor(matrix, options) {
    this.matrix = matrix;
    this.options = options;
    const cluster = matrix.cluster;
    this.index = new Index(matrix);
    const nsLabels = (ns) => cluster.namespaces.get(ns)?.labels ?? { [NAMESPACE_NAME_LABEL]: ns };
    this.dnsEndpoints = [
      ...CLUSTER_DNS.map((d) => ({ namespace: d.namespace, namespaceLabels: nsLabels(d.namespace), podLabels: d.labels })),
      ...cluster.workloads.filter(isDnsWorkload).flatMap((w) => w.pods.map((p) => ({ namespace: w.namespace, namespaceLabels: nsLabels(w.namespace), podLabels: p.labels })))
    ];
    this.cilium = new CiliumChecks(matrix, options, this.dnsEndpoints, (code, at, object, message) => this.warn(code, at, object, message));
  }
  matrix;
  options;
  warnings = [];
  index;
  dnsEndpoints;
  policyDns = /* @__PURE__ */ new Map();
  cilium;
  /** Where DNS answers, as the checks see it. */
  dnsSignature() {
    return JSON.stringify(this.dnsEndpoints);
  }
  warn(code, at, object, message) {
    this.warnings.push({ severity: "warning", code, file: at.file, line: at.line, message, object });
  }
  /** The warnings of the state, or only those about the given objects (`ns/name`). */
  run(only) {
    for (const policy of this.matrix.cluster.networkPolicies) if (!only || only.has(policyObject(policy))) this.lintPolicy(policy);
    this.cilium.run(only);
    this.lintWorkloads(only);
    this.warnings.push(...this.matrix.cluster.expansion?.warnings ?? []);
    lintCalico({
      matrix: this.matrix,
      only,
      dnsEndpoints: this.dnsEndpoints,
      declaredNamespaces: this.index.declaredNamespaces,
      warn: (code, at, object, message) => this.warn(code, at, object, message)
    });
    return this.warnings.sort(compareDiagnostics);
  }
  lintPolicy(policy) {
    const id = policyObject(policy);
    const at = (line) => ({ file: policy.source.file, line });
    const what = `NetworkPolicy ${id}`;
    if (!isMatchAll(policy.podSelector) && !this.index.selectsSubjects(policy) && this.index.workloadsIn([policy.namespace]) > 0) {
      this.warn(WarningCodes.selectsNothing, at(policy.podSelectorLine), id, `${what}: spec.podSelector ${formatSelector(policy.podSelector)} selects no workload of namespace ${policy.namespace}`);
    }
    if (!policy.policyTypesExplicit && policy.egressField === "list" && policy.ingressField === "missing") {
      this.warn(
        WarningCodes.ingressDeniedByDefault,
        policy.source,
        id,
        `${what} has egress rules and no policyTypes, so it also isolates its pods for ingress and denies them all incoming traffic; add policyTypes: [Egress] if only egress was meant`
      );
    }
    for (const ignored of policy.ignoredRules) {
      const { policyType } = DIRECTION_WORDS[ignored.direction];
      this.warn(
        WarningCodes.rulesIgnored,
        at(ignored.line),
        id,
        `${what}: Kubernetes ignores its ${plural(ignored.count, `${ignored.direction} rule`)}, as spec.policyTypes does not list ${policyType}`
      );
    }
    for (const direction of ["ingress", "egress"]) {
      const rules = policy[direction];
      this.lintAllowAll(policy, direction, rules);
      for (const rule of rules) {
        if (direction === "egress") this.lintDnsPort(policy, rule);
        this.lintNamedPorts(policy, direction, rule);
        if (rule.peers === "all") continue;
        this.lintPeers(policy, direction, rule.peers);
      }
    }
  }
  /** RD104: a rule that matches every peer on every port, or an explicit empty peer list, beside rules that restrict. */
  lintAllowAll(policy, direction, rules) {
    const { field: field2, peer: peer2 } = DIRECTION_WORDS[direction];
    const id = policyObject(policy);
    const restricting = rules.filter((r) => r.peersField === "list" || r.portsField === "list");
    for (const rule of rules) {
      const at = { file: policy.source.file, line: rule.line };
      if (rule.peers === "all" && rule.ports === "all") {
        if (restricting.length === 0) continue;
        const written2 = [rule.peersField === "empty" ? `${field2}: []` : "", rule.portsField === "empty" ? "ports: []" : ""].filter(Boolean).join(", ");
        this.warn(
          WarningCodes.allowsEverything,
          at,
          id,
          `NetworkPolicy ${id}: ${direction} rule {${written2}} allows every ${peer2} on every port, so the policy's other ${direction} rules restrict nothing (a stray "-"?)`
        );
      } else if (rule.peersField === "empty" && restricting.some((r) => r !== rule && r.peersField === "list")) {
        this.warn(WarningCodes.allowsEverything, at, id, `NetworkPolicy ${id}: ${direction} rule has ${field2}: [], which allows every ${peer2}, not none (a stray "-"?)`);
      }
    }
  }
  /** RD102: `port: 53` without protocol is TCP only, where DNS needs UDP. */
  lintDnsPort(policy, rule) {
    if (rule.ports === "all" || allowsDns(rule.ports, "UDP")) return;
    if (!rule.ports.some((p) => p.kind === "numbers" && p.protocolOmitted && p.from === DNS_PORT && p.to === DNS_PORT)) return;
    const id = policyObject(policy);
    this.warn(
      WarningCodes.dnsPortWithoutProtocol,
      { file: policy.source.file, line: rule.line },
      id,
      `NetworkPolicy ${id}: egress rule allows port 53 without a protocol, which means TCP only; DNS needs protocol: UDP (and TCP)`
    );
  }
  /** RD107: a named port that none of the pods it would resolve on declares with its protocol. */
  lintNamedPorts(policy, direction, rule) {
    if (rule.ports === "all" || !rule.ports.some((p) => p.kind === "named")) return;
    const named = rule.ports.filter((p) => p.kind === "named");
    const id = policyObject(policy);
    const at = { file: policy.source.file, line: rule.line };
    let selects2;
    let namespaces;
    let any;
    let whose;
    let signature;
    if (direction === "ingress") {
      signature = `#${policy.namespace}${policy.podSelector.key}`;
      any = () => this.index.selectsSubjects(policy);
      namespaces = () => [policy.namespace];
      selects2 = (ns, labels) => ns === policy.namespace && matches(policy.podSelector, labels);
      whose = "no workload the policy selects";
    } else if (rule.peers === "all") {
      signature = "*";
      any = () => this.index.workloads.length > 0;
      namespaces = () => void 0;
      selects2 = () => true;
      whose = "no workload";
    } else {
      const pods = rule.peers.filter((p) => p.kind === "pods");
      if (pods.length === 0) {
        for (const p of named) {
          this.warn(WarningCodes.namedPortUndeclared, at, id, `NetworkPolicy ${id}: egress rule names port "${p.name}", which never matches an ipBlock destination; give the port number`);
        }
        return;
      }
      signature = pods.map((peer2) => `${peer2.namespaceSelector ? `?${peer2.namespaceSelector.key}` : `#${policy.namespace}`}${peer2.podSelector?.key ?? "*"}`).join("");
      any = () => pods.some((peer2) => this.index.selectsPeers(policy, peer2));
      namespaces = () => [...new Set(pods.flatMap((peer2) => this.index.peerNamespaces(policy, peer2)))];
      selects2 = (ns, labels) => pods.some((peer2) => this.index.peerSelects(policy, peer2, ns, labels));
      whose = "no destination workload";
    }
    for (const p of named) {
      const protocol = p.protocol ?? "TCP";
      const declared = this.index.declaredOn(`${signature}${p.name}`, () => {
        if (!any()) return void 0;
        const found = /* @__PURE__ */ new Set();
        const add = (namespace, pod) => {
          if (selects2(namespace, pod.labels)) {
            for (const c of pod.ports) if (c.name === p.name) found.add(c.protocol);
          }
        };
        const where2 = namespaces();
        if (where2 === void 0) {
          for (const namespace of this.index.byNamespace.keys()) for (const pod of this.index.podsDeclaring(p.name, namespace)) add(namespace, pod);
        } else {
          for (const namespace of where2) for (const pod of this.index.podsDeclaring(p.name, namespace)) add(namespace, pod);
        }
        return found;
      });
      if (declared === void 0) return;
      if (declared.has(protocol)) continue;
      const others = [...declared].sort();
      const detail = others.length > 0 ? `declares with ${protocol} (only with ${others.join(", ")})` : "declares";
      this.warn(WarningCodes.namedPortUndeclared, at, id, `NetworkPolicy ${id}: ${direction} rule names port "${p.name}" (${protocol}), which ${whose} ${detail}; it matches nothing`);
    }
  }
  /** RD103 for peers, RD108 and RD110. */
  lintPeers(policy, direction, peers) {
    const id = policyObject(policy);
    const what = `NetworkPolicy ${id}: ${direction} peer`;
    const both = `NetworkPolicy ${id}: ${direction} peers`;
    peers.forEach((peer2, i) => {
      const at = { file: policy.source.file, line: peer2.line };
      if (peer2.kind === "ipBlock") {
        this.lintCidr(id, what, at, "cidr", peer2.cidr);
        for (const e of peer2.except) this.lintCidr(id, what, at, "except", e);
        return;
      }
      const next = peers[i + 1];
      if (peer2.namespaceSelector && !peer2.podSelector && next?.kind === "pods" && next.podSelector && !next.namespaceSelector) {
        const ns = formatSelector(peer2.namespaceSelector);
        const pods = formatSelector(next.podSelector);
        this.warn(
          WarningCodes.peersSplit,
          at,
          id,
          `${both} namespaceSelector ${ns} and podSelector ${pods} are separate elements, so either matches (OR); for pods ${pods} in namespaces ${ns} only, put both in one element`
        );
      }
      if (this.reachesDns(policy, peer2)) return;
      if (peer2.namespaceSelector && !isMatchAll(peer2.namespaceSelector)) {
        const checkable = this.index.declaredNamespaces || peer2.namespaceSelector.requirements.every((r) => r.key === NAMESPACE_NAME_LABEL);
        if (checkable && this.index.namespacesMatching(peer2.namespaceSelector).length === 0) {
          this.warn(WarningCodes.selectsNothing, at, id, `${what} namespaceSelector ${formatSelector(peer2.namespaceSelector)} matches no namespace in the manifests`);
          return;
        }
      }
      if (peer2.podSelector && !isMatchAll(peer2.podSelector)) {
        const namespaces = this.index.peerNamespaces(policy, peer2);
        if (this.index.selectsPeers(policy, peer2) || this.index.workloadsIn(namespaces) === 0) return;
        const where2 = peer2.namespaceSelector ? `the namespaces namespaceSelector ${formatSelector(peer2.namespaceSelector)} matches` : `namespace ${policy.namespace}`;
        this.warn(WarningCodes.selectsNothing, at, id, `${what} podSelector ${formatSelector(peer2.podSelector)} matches no workload in ${where2}`);
      }
    });
  }
  /** RD110: a CIDR whose address has bits set past its prefix. */
  lintCidr(id, what, at, field2, text) {
    const c = parseCidr(text);
    if (c.kind !== "ipv4" || !c.hostBitsSet) return;
    const normal = `${formatIPv4(c.first)}/${32 - Math.log2(c.last - c.first + 1)}`;
    this.warn(WarningCodes.cidrNotNormal, at, id, `${what} ipBlock ${field2} ${text} has host bits set; it means ${normal}`);
  }
  /** Whether a peer matches where cluster DNS answers: kube-dns, a DNS workload of the manifests, or an address. */
  reachesDns(policy, peer2) {
    if (peer2.kind === "ipBlock") return true;
    return this.dnsEndpoints.some(
      (e) => (peer2.namespaceSelector ? matches(peer2.namespaceSelector, e.namespaceLabels) : e.namespace === policy.namespace) && (!peer2.podSelector || matches(peer2.podSelector, e.podLabels))
    );
  }
  /** The same for an AdminNetworkPolicy peer. */
  adminPeerReachesDns(peer2) {
    switch (peer2.kind) {
      case "networks":
        return true;
      case "namespaces":
        return this.dnsEndpoints.some((e) => matches(peer2.namespaceSelector, e.namespaceLabels));
      case "pods":
        return this.dnsEndpoints.some((e) => matches(peer2.namespaceSelector, e.namespaceLabels) && matches(peer2.podSelector, e.podLabels));
      default:
        return false;
    }
  }
  /** What DNS a policy's egress rules allow. */
  dnsOf(policy) {
    let d = this.policyDns.get(policy);
    if (!d) {
      d = { udp: false, tcp: false, tcpExplicit: false };
      for (const rule of policy.egress) {
        if (rule.peers !== "all" && !rule.peers.some((p) => this.reachesDns(policy, p))) continue;
        d.udp ||= allowsDns(rule.ports, "UDP");
        d.tcp ||= allowsDns(rule.ports, "TCP");
        d.tcpExplicit ||= allowsDns(rule.ports, "TCP", true);
      }
      this.policyDns.set(policy, d);
    }
    return d;
  }
  /** RD101 and RD109. */
  lintWorkloads(only) {
    const cluster = this.matrix.cluster;
    const policies = new Map(cluster.networkPolicies.map((p) => [policyObject(p), p]));
    const admins = /* @__PURE__ */ new Map();
    for (const p of cluster.policies) {
      const kind = p.policy.kind;
      if (kind === "AdminNetworkPolicy" || kind === "ClusterNetworkPolicy" && p.policy.tier === "Admin") admins.set(p.policy.name, p.policy);
    }
    const hostNetworkExcluded = this.options.hostNetwork !== "include";
    for (const [ns, indices] of this.index.byNamespace) {
      const wanted2 = (w) => !only || only.has(objectOf(w.namespace, w.name));
      if (only && !indices.some((i) => wanted2(cluster.workloads[i]))) continue;
      const isolation = indices.map((i) => ({ w: cluster.workloads[i], ingress: this.matrix.isolation(i, "ingress"), egress: this.matrix.isolation(i, "egress") }));
      for (const { w, egress } of isolation) if (egress.isolated && wanted2(w) && !calicoHolds(egress.holders)) this.lintDns(w, egress.holders, policies, admins);
      if (!isolation.some((x) => x.ingress.isolated || x.egress.isolated)) continue;
      for (const { w, ingress, egress } of isolation) {
        if (!wanted2(w) || ingress.policies.length > 0 || egress.policies.length > 0) continue;
        if (hostNetworkExcluded && w.pods.some((p) => p.hostNetwork)) continue;
        this.warn(
          WarningCodes.noPolicy,
          w.source,
          objectOf(w.namespace, w.name),
          `${w.id} has no NetworkPolicy while other workloads of namespace ${ns} are isolated, so all traffic to and from it is allowed`
        );
      }
    }
  }
  /** RD101, and RD120 where a Cilium policy isolates: an egress-isolated workload that cannot resolve names. */
  lintDns(w, holders, policies, admins) {
    let udp = false;
    let tcp = false;
    let tcpExplicit = false;
    let allowsSomething = false;
    const own = [];
    const cilium = [];
    for (const h of holders) {
      const c = this.cilium.policy(h);
      const p = h.kind === "NetworkPolicy" ? policies.get(h.id) : void 0;
      let d;
      if (c) {
        const dc = this.cilium.dnsOf(c);
        d = dc;
        allowsSomething ||= dc.anything;
        if (h.isolates) cilium.push({ source: c.source, label: `${c.kind} ${h.id}` });
      } else if (p) {
        if (!p.policyTypes.egress) continue;
        own.push(p);
        allowsSomething ||= p.egress.length > 0;
        d = this.dnsOf(p);
      } else {
        for (const rule of admins.get(h.id)?.egress ?? []) {
          if (rule.action !== "Allow" && rule.action !== "Accept" || !rule.peers.some((peer2) => this.adminPeerReachesDns(peer2))) continue;
          udp ||= allowsDns(rule.ports, "UDP");
          tcp ||= allowsDns(rule.ports, "TCP");
          tcpExplicit ||= allowsDns(rule.ports, "TCP", true);
        }
      }
      udp ||= d?.udp ?? false;
      tcp ||= d?.tcp ?? false;
      tcpExplicit ||= d?.tcpExplicit ?? false;
    }
    if (!allowsSomething || udp && tcp) return;
    if (!udp && tcp && !tcpExplicit) return;
    if (cilium.length > 0) {
      const first2 = cilium.sort((a, b) => compareSources(a.source, b.source))[0];
      const subject = `${w.id} is in egress default deny through ${first2.label}`;
      const message2 = !udp && !tcp ? `${subject} and no rule allows DNS (UDP and TCP 53) to kube-dns, so name lookups fail; world and CIDR rules do not reach kube-dns: allow toEndpoints {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns} on port 53` : udp ? `${subject} and allows DNS to kube-dns over UDP 53 but not TCP 53, which lookups with large answers need` : `${subject} and allows DNS to kube-dns over TCP 53 but not UDP 53, which most lookups use`;
      this.warn(WarningCodes.ciliumDnsBlocked, first2.source, objectOf(w.namespace, w.name), message2);
      return;
    }
    if (own.length === 0) return;
    const first = own.sort((a, b) => compareSources(a.source, b.source))[0];
    const message = !udp && !tcp ? `${w.id} is isolated for egress and no rule allows DNS (UDP and TCP 53) to kube-dns or to any destination, so name lookups fail` : udp ? `${w.id} is isolated for egress and allows DNS over UDP 53 but not TCP 53, which lookups with large answers need` : `${w.id} is isolated for egress and allows DNS over TCP 53 but not UDP 53, which most lookups use`;
    const by = first.source.generatedBy;
    this.warn(WarningCodes.dnsBlocked, first.source, objectOf(w.namespace, w.name), by ? `${message} (NetworkPolicy ${policyObject(first)} is ${generatedByText(by)})` : message);
  }
};
function lint(matrix, options = {}) {
  return new Linter(matrix, options).run();
}
function lintChange(base, head, options, ignore) {
  const headLinter = new Linter(head, options);
  const headWarnings = silence(headLinter.run(), ignore);
  const baseLinter = new Linter(base, options);
  const same2 = unchangedObjects(base, head, baseLinter.dnsSignature() === headLinter.dnsSignature());
  const objects = /* @__PURE__ */ new Set();
  const kept = [];
  for (const w of headWarnings.kept) {
    if (w.object === void 0) continue;
    if (same2(w.object)) kept.push(w);
    else objects.add(w.object);
  }
  const baseWarnings = silence(baseLinter.run(objects), ignore);
  return { ...compareWarnings([...baseWarnings.kept, ...kept], headWarnings.kept), silenced: headWarnings.silenced.length };
}
function unchangedObjects(base, head, sameDns) {
  if (!sameDns) return () => false;
  const change = clusterChange(base.cluster, head.cluster);
  const labelsChanged = change.namespaces.size > 0 || change.declared;
  const policySame = (p) => {
    if (change.policies.has(`NetworkPolicy\0${policyId(p)}`) || change.workloadNamespaces.has(p.namespace)) return false;
    for (const rule of [...p.ingress, ...p.egress]) {
      if (rule.peers === "all") {
        if (rule.ports !== "all" && rule.ports.some((x) => x.kind === "named") && change.workloads.size > 0) return false;
        continue;
      }
      for (const peer2 of rule.peers) {
        if (peer2.kind !== "pods" || !peer2.namespaceSelector) continue;
        if (labelsChanged || head.selectNamespaces(peer2.namespaceSelector).some((ns) => change.workloadNamespaces.has(ns))) return false;
      }
    }
    return true;
  };
  const workloadSame = (w) => !change.admin && !change.workloads.has(w.id) && !change.workloadNamespaces.has(w.namespace) && !change.policyNamespaces.has(w.namespace) && !change.namespaces.has(w.namespace);
  const cilium = new Set([...base.cluster.policies, ...head.cluster.policies].filter((p) => CILIUM_KINDS.has(p.policy.kind)).map((p) => policyId(p.policy)));
  let byNamespace;
  const memo = /* @__PURE__ */ new Map();
  return (object) => {
    let same2 = memo.get(object);
    if (same2 === void 0 && cilium.has(object)) same2 = false;
    if (same2 === void 0) {
      if (!byNamespace) {
        byNamespace = /* @__PURE__ */ new Map();
        const entry = (ns2) => {
          let e2 = byNamespace.get(ns2);
          if (!e2) byNamespace.set(ns2, e2 = { policies: [], workloads: [] });
          return e2;
        };
        for (const p of head.cluster.networkPolicies) entry(p.namespace).policies.push(p);
        for (const w of head.cluster.workloads) entry(w.namespace).workloads.push(w);
      }
      const slash = object.indexOf("/");
      const ns = object.slice(0, slash);
      const name = object.slice(slash + 1);
      const e = byNamespace.get(ns);
      const policies = e?.policies.filter((p) => p.name === name) ?? [];
      const workloads = e?.workloads.filter((w) => w.name === name) ?? [];
      same2 = policies.length + workloads.length > 0 && policies.every(policySame) && workloads.every(workloadSame);
      memo.set(object, same2);
    }
    return same2;
  };
}
function silence(warnings, ignore) {
  const kept = [];
  const silenced = [];
  for (const w of warnings) {
    const ignored = ignore.some((r) => r.code === w.code && (r.object === void 0 || r.object === w.object));
    (ignored ? silenced : kept).push(w);
  }
  return { kept, silenced };
}
function compareWarnings(base, head) {
  const key2 = (d) => `${d.code}\0${d.object ?? ""}\0${d.message}`;
  const remaining = /* @__PURE__ */ new Map();
  for (const d of base) remaining.set(key2(d), (remaining.get(key2(d)) ?? 0) + 1);
  const introduced = [];
  const existing = [];
  for (const d of head) {
    const n = remaining.get(key2(d)) ?? 0;
    if (n > 0) {
      remaining.set(key2(d), n - 1);
      existing.push(d);
    } else {
      introduced.push(d);
    }
  }
  return { introduced, existing };
}

// src/change/diff.ts
function rangeSets(ranges) {
  return ranges.map((r) => [r.first, r.last]);
}
function connectionKeys(m) {
  const memo = [];
  return (id) => memo[id] ??= m.connectionSet(id).key;
}
function rowComparer(base, head, baseKey, headKey) {
  const baseNames = base.destinationEndpoints().map((e) => e.name);
  const headNames = head.destinationEndpoints().map((e) => e.name);
  return (src) => {
    const b = src.base ? base.compactRow(src.base) : void 0;
    const h = src.head ? head.compactRow(src.head) : void 0;
    const bn = b?.ranks.length ?? 0;
    if (bn !== (h?.ranks.length ?? 0)) return false;
    for (let i = 0; i < bn; i++) {
      if (baseNames[b.ranks[i]] !== headNames[h.ranks[i]] || baseKey(b.conns[i]) !== headKey(h.conns[i])) return false;
    }
    return true;
  };
}
var ORDER = { changed: 0, added: 1, removed: 2 };
function byName(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function diffMatrices(base, head) {
  const affected = affectedEnds(base, head);
  const srcAtoms = cutAddressSpace(rangeSets([...base.ingressRanges, ...head.ingressRanges]));
  const dstAtoms = cutAddressSpace(rangeSets([...base.egressRanges, ...head.egressRanges]));
  const dstAtomNames = dstAtoms.map(formatExternal);
  const dstAtomByName = new Map(dstAtomNames.map((n, i) => [n, dstAtoms[i]]));
  const rowOf = (m, row) => {
    const out = /* @__PURE__ */ new Map();
    for (const c of row) {
      if (c.dst.kind === "workload") {
        out.set(c.dst.name, { dst: c.dst, conn: c.conn });
        continue;
      }
      for (let i = findRange(dstAtoms, c.dst.range.first); i < dstAtoms.length && dstAtoms[i].last <= c.dst.range.last; i++) {
        out.set(dstAtomNames[i], { dst: m.externalEndpoint(dstAtoms[i]), conn: c.conn });
      }
    }
    return out;
  };
  const workloadSource = (id) => {
    const b = base.workloadEndpoint(id);
    const h = head.workloadEndpoint(id);
    return { name: id, ...b ? { base: b } : {}, ...h ? { head: h } : {} };
  };
  const changes2 = [];
  const compare2 = (src, dst, bc, hc, before, after) => {
    if (bc.equals(hc)) return;
    const type2 = bc.isEmpty() ? "added" : hc.isEmpty() ? "removed" : "changed";
    const external = dst.endsWith("[External]");
    const baseDst = before ?? (external ? base.externalEndpoint(dstAtomByName.get(dst)) : base.workloadEndpoint(dst));
    const headDst = after ?? (external ? head.externalEndpoint(dstAtomByName.get(dst)) : head.workloadEndpoint(dst));
    const workloads = [];
    const track = (name, inBase, inHead) => {
      if (!inBase) workloads.push({ workload: name, change: "added" });
      else if (!inHead) workloads.push({ workload: name, change: "removed" });
    };
    if (!src.name.endsWith("[External]") && src.name !== INGRESS_CONTROLLER_ID) track(src.name, src.base !== void 0, src.head !== void 0);
    if (!external) track(dst, baseDst !== void 0, headDst !== void 0);
    changes2.push({
      type: type2,
      src: src.name,
      dst,
      ...src.base && baseDst ? { baseEndpoints: { src: src.base, dst: baseDst } } : {},
      ...src.head && headDst ? { headEndpoints: { src: src.head, dst: headDst } } : {},
      base: bc,
      head: hc,
      opened: hc.subtract(bc),
      closed: bc.subtract(hc),
      workloads
    });
  };
  const baseKey = connectionKeys(base);
  const headKey = connectionKeys(head);
  const sameRow = rowComparer(base, head, baseKey, headKey);
  for (const id of affected.sources) {
    const src = workloadSource(id);
    if (sameRow(src)) continue;
    const b = rowOf(base, src.base ? base.row(src.base) : []);
    const h = rowOf(head, src.head ? head.row(src.head) : []);
    for (const dst of /* @__PURE__ */ new Set([...b.keys(), ...h.keys()])) {
      const before = b.get(dst);
      const after = h.get(dst);
      compare2(src, dst, before?.conn ?? ConnectionSet.NONE, after?.conn ?? ConnectionSet.NONE, before?.dst, after?.dst);
    }
  }
  const destinations = [...affected.destinations];
  const columns = (m) => {
    const present2 = [];
    for (const id of destinations) {
      const e = m.workloadEndpoint(id);
      if (e?.kind === "workload") present2.push({ id, index: e.index });
    }
    const cols = m.compactColumns(present2.map((p) => p.index));
    return new Map(present2.map((p, i) => [p.id, cols[i]]));
  };
  const baseColumns = columns(base);
  const headColumns = columns(head);
  const externalSources = srcAtoms.map((a) => ({ name: formatExternal(a), base: base.externalEndpoint(a), head: head.externalEndpoint(a) }));
  for (const dst of destinations) {
    const before = base.workloadEndpoint(dst);
    const after = head.workloadEndpoint(dst);
    const bcol = baseColumns.get(dst);
    const hcol = headColumns.get(dst);
    const fromBase = /* @__PURE__ */ new Map();
    for (const [w, conn] of bcol ?? []) {
      const id = base.workloads[w].id;
      if (!affected.sources.has(id)) fromBase.set(id, conn);
    }
    for (const [w, conn] of hcol ?? []) {
      const id = head.workloads[w].id;
      if (affected.sources.has(id)) continue;
      const b = fromBase.get(id);
      if (b !== void 0) {
        fromBase.delete(id);
        if (baseKey(b) === headKey(conn)) continue;
      }
      compare2(workloadSource(id), dst, b === void 0 ? ConnectionSet.NONE : base.connectionSet(b), head.connectionSet(conn), before, after);
    }
    for (const [id, conn] of fromBase) compare2(workloadSource(id), dst, base.connectionSet(conn), ConnectionSet.NONE, before, after);
    for (const src of externalSources) {
      const bc = before ? base.connection(src.base, before) : ConnectionSet.NONE;
      const hc = after ? head.connection(src.head, after) : ConnectionSet.NONE;
      compare2(src, dst, bc, hc, before, after);
    }
  }
  const merged = mergeRanges(changes2, base, head);
  const routed = (c) => c.src === INGRESS_CONTROLLER_ID ? 1 : 0;
  merged.sort((x, y) => routed(x) - routed(y) || ORDER[x.type] - ORDER[y.type] || byName(x.src, y.src) || byName(x.dst, y.dst));
  return { base, head, changes: merged };
}
function externalEnd(c) {
  const ends = c.baseEndpoints ?? c.headEndpoints;
  if (!ends) return void 0;
  if (ends.src.kind === "external") return { side: "src", range: ends.src.range };
  if (ends.dst.kind === "external") return { side: "dst", range: ends.dst.range };
  return void 0;
}
function mergeRanges(changes2, base, head) {
  const out = [];
  const groups = /* @__PURE__ */ new Map();
  for (const change of changes2) {
    const ext = externalEnd(change);
    if (!ext) {
      out.push(change);
      continue;
    }
    const key2 = `${ext.side}\0${ext.side === "src" ? change.dst : change.src}\0${change.base.key}\0${change.head.key}`;
    const group = groups.get(key2);
    if (group) group.push({ change, ...ext });
    else groups.set(key2, [{ change, ...ext }]);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.range.first - b.range.first);
    let i = 0;
    while (i < group.length) {
      let j = i;
      while (j + 1 < group.length && group[j + 1].range.first === group[j].range.last + 1) j++;
      const first = group[i];
      if (j === i) out.push(first.change);
      else {
        const range = { first: first.range.first, last: group[j].range.last };
        const name = formatExternal(range);
        const swap = (m, ends) => ends && (first.side === "src" ? { src: m.externalEndpoint(range), dst: ends.dst } : { src: ends.src, dst: m.externalEndpoint(range) });
        const c = first.change;
        const baseEndpoints = swap(base, c.baseEndpoints);
        const headEndpoints = swap(head, c.headEndpoints);
        out.push({
          ...c,
          ...first.side === "src" ? { src: name } : { dst: name },
          ...baseEndpoints ? { baseEndpoints } : {},
          ...headEndpoints ? { headEndpoints } : {}
        });
      }
      i = j + 1;
    }
  }
  return out;
}
function workloadsInfo(change) {
  if (change.workloads.length === 0) return void 0;
  const names = change.workloads.map((w) => w.workload).join(" and ");
  return `workload ${names} ${change.workloads[0].change}`;
}

// src/change/outside.ts
function fromText(p) {
  return p.from === "ingress-controller" ? "{ingress-controller}" : p.from.map(formatExternal).join(", ");
}
function decisions(m, p) {
  const dst = m.workloadEndpoint(p.workload);
  const src = p.from === "ingress-controller" ? m.ingressController() : p.from[0] && m.externalEndpoint(p.from[0]);
  if (!src) return [];
  return m.explain(src, dst).ingress.decisions.filter((d) => !d.ports.intersect(p.conn).isEmpty());
}
function diffOutside(base, head) {
  const key2 = (m, p) => `${m.workloads[p.workload].id}\0${p.via}`;
  const before = new Map(outsidePaths(base).map((p) => [key2(base, p), p]));
  const after = new Map(outsidePaths(head).map((p) => [key2(head, p), p]));
  const out = [];
  for (const k of /* @__PURE__ */ new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k);
    const h = after.get(k);
    const bc = b?.conn ?? ConnectionSet.NONE;
    const hc = h?.conn ?? ConnectionSet.NONE;
    if (bc.equals(hc)) continue;
    const [workload, via] = k.split("\0");
    const shown = h ? { m: head, p: h } : { m: base, p: b };
    out.push({
      type: bc.isEmpty() ? "opened" : hc.isEmpty() ? "closed" : "changed",
      workload,
      via,
      from: fromText(shown.p),
      base: bc,
      head: hc,
      opened: hc.subtract(bc),
      closed: bc.subtract(hc),
      decisions: decisions(shown.m, shown.p)
    });
  }
  const order = { opened: 0, changed: 1, closed: 2 };
  return out.sort((a, b) => order[a.type] - order[b.type] || (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
}

// src/change/exposure.ts
var key = (names) => names.map((t) => `${t.protocol ?? ""}/${t.name}`).sort().join(",");
function entries(e, direction) {
  const lines = /* @__PURE__ */ new Map();
  const cluster = /* @__PURE__ */ new Map();
  for (const w of e.workloads) {
    for (const line of w[direction].lines) {
      if (line.peer.kind === "external") continue;
      if (line.peer.kind === "cluster") cluster.set(w.workload.id, line);
      lines.set(`${w.workload.id}\0${exposurePeerName(line.peer)}`, { line, workload: w.index });
    }
  }
  return { lines, cluster };
}
function diffExposure(base, head) {
  const out = [];
  for (const direction of ["ingress", "egress"]) {
    const before = entries(base, direction);
    const after = entries(head, direction);
    const effective = (side, k) => side.lines.get(k)?.line ?? side.cluster.get(k.slice(0, k.indexOf("\0")));
    for (const k of /* @__PURE__ */ new Set([...before.lines.keys(), ...after.lines.keys()])) {
      const b = effective(before, k);
      const h = effective(after, k);
      const bc = b?.conn ?? ConnectionSet.NONE;
      const hc = h?.conn ?? ConnectionSet.NONE;
      if (bc.equals(hc) && key(b?.names ?? []) === key(h?.names ?? [])) continue;
      const [workload, peer2] = k.split("\0");
      const shown = after.lines.has(k) ? { e: head, x: after.lines.get(k) } : { e: base, x: before.lines.get(k) };
      const opened = hc.subtract(bc);
      const closed = bc.subtract(hc);
      out.push({
        type: !opened.isEmpty() && closed.isEmpty() ? "opened" : !closed.isEmpty() && opened.isEmpty() ? "closed" : "changed",
        workload,
        direction,
        peer: peer2,
        base: b ? exposureConnText(b.conn, b.names) : "No Connections",
        head: h ? exposureConnText(h.conn, h.names) : "No Connections",
        opened,
        closed,
        decisions: exposureDecisions(shown.e, shown.x.workload, direction, shown.x.line.peer).filter((d) => d.action === "allow")
      });
    }
  }
  const order = { opened: 0, changed: 1, closed: 2 };
  return out.sort((a, b) => order[a.type] - order[b.type] || (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : a.direction < b.direction ? -1 : 1));
}

// src/input/workloads.ts
var TEMPLATE_PATH = {
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"]
};
function readPorts2(podSpec) {
  const ports2 = [];
  const containers = optionalList(podSpec, "containers") ?? [];
  const sidecars = (optionalList(podSpec, "initContainers") ?? []).filter((c) => field(c, "restartPolicy") === "Always");
  for (const container of [...containers, ...sidecars]) {
    for (const p of optionalList(container, "ports") ?? []) {
      if (!isRecord(p)) throw new InvalidObject("a container port must be a mapping");
      const number = p["containerPort"];
      if (!isPortNumber(number)) continue;
      const name = typeof p["name"] === "string" && p["name"] !== "" ? p["name"] : void 0;
      ports2.push({ port: number, protocol: readProtocol(p["protocol"], `container port ${number}`), ...name ? { name } : {} });
    }
  }
  return ports2;
}
function readTemplate(template, what) {
  const spec = field(template, "spec");
  const sa = field(spec, "serviceAccountName") || field(spec, "serviceAccount");
  return {
    labels: readLabels(field(template, "metadata", "labels"), `${what} labels`),
    ports: readPorts2(spec),
    hostNetwork: field(spec, "hostNetwork") === true,
    serviceAccountName: typeof sa === "string" && sa !== "" ? sa : void 0
  };
}
function readWorkload(obj2, kind, defaultNamespace) {
  const name = optionalString(obj2.body, "metadata", "name");
  if (!name) throw new InvalidObject(`${kind} has no metadata.name`);
  const namespace = optionalString(obj2.body, "metadata", "namespace") || defaultNamespace;
  if (kind === "Pod") {
    const pod = readTemplate(obj2.body, "Pod");
    const owners = optionalList(obj2.body, "metadata", "ownerReferences") ?? [];
    const controller = owners.find((o) => isRecord(o) && o["controller"] === true && typeof o["name"] === "string" && o["kind"] !== "Node");
    if (controller && isRecord(controller)) {
      const ownerName = controller["name"];
      const ownerKind = typeof controller["kind"] === "string" && controller["kind"] !== "" ? controller["kind"] : "Pod";
      return { id: workloadId(namespace, ownerName, ownerKind), namespace, name: ownerName, kind: ownerKind, pod, owned: true };
    }
    return { id: workloadId(namespace, name, kind), namespace, name, kind, pod, owned: false };
  }
  const template = field(obj2.body, ...TEMPLATE_PATH[kind]);
  if (!isRecord(template)) throw new InvalidObject(`${kind} ${namespace}/${name} has no pod template (${TEMPLATE_PATH[kind].join(".")})`);
  return { id: workloadId(namespace, name, kind), namespace, name, kind, pod: readTemplate(template, `${kind} template`), owned: false };
}

// src/model/services.ts
var SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
var ROUTE_KINDS = ["Ingress", "Route", "HTTPRoute", "GRPCRoute", "TCPRoute"];

// src/input/services.ts
var ROUTE_GROUPS = {
  Ingress: ["networking.k8s.io"],
  Route: ["route.openshift.io"],
  HTTPRoute: ["gateway.networking.k8s.io"],
  GRPCRoute: ["gateway.networking.k8s.io"],
  TCPRoute: ["gateway.networking.k8s.io"]
};
var GATEWAY_GROUP = "gateway.networking.k8s.io";
function metadata(obj2, defaultNamespace) {
  const name = optionalString(obj2.body, "metadata", "name");
  if (!name) throw new InvalidObject(`${obj2.kind} has no metadata.name`);
  return { name, namespace: optionalString(obj2.body, "metadata", "namespace") || defaultNamespace };
}
function portRef(raw, what, line) {
  if (raw === void 0 || raw === null || raw === "" || raw === 0) return void 0;
  if (isPortNumber(raw)) return raw;
  if (typeof raw === "string" && /^\d+$/.test(raw) && isPortNumber(Number(raw))) return Number(raw);
  if (isPortName(raw)) return raw;
  throw new InvalidObject(`${what}: "${String(raw)}" is neither a port number nor a port name`, line);
}
function readService(obj2, defaultNamespace) {
  const { name, namespace } = metadata(obj2, defaultNamespace);
  const spec = obj2.body["spec"];
  const type2 = field(spec, "type") ?? "ClusterIP";
  if (!SERVICE_TYPES.includes(type2)) throw new InvalidObject(`spec.type "${String(type2)}" is not one of ${SERVICE_TYPES.join(", ")}`, obj2.lineOf(spec));
  const selectorRaw = field(spec, "selector");
  const ports2 = (optionalList(spec, "ports") ?? []).map((p, i) => {
    const what = `spec.ports[${i}]`;
    const line = obj2.lineOf(p) ?? obj2.line;
    if (!isRecord(p)) throw new InvalidObject(`${what} must be a mapping`, line);
    const port = typeof p["port"] === "string" && /^\d+$/.test(p["port"]) ? Number(p["port"]) : p["port"];
    if (!isPortNumber(port)) throw new InvalidObject(`${what}.port must be a port from 1 to 65535`, line);
    const portName = p["name"];
    return {
      port,
      targetPort: portRef(p["targetPort"], `${what}.targetPort`, line) ?? port,
      protocol: readProtocol(p["protocol"], what),
      ...typeof portName === "string" && portName !== "" ? { name: portName } : {}
    };
  });
  const ranges = optionalList(spec, "loadBalancerSourceRanges") ?? [];
  if (ranges.some((r) => typeof r !== "string")) throw new InvalidObject("spec.loadBalancerSourceRanges must be a list of CIDRs", obj2.lineOf(spec));
  return {
    namespace,
    name,
    type: type2,
    ...selectorRaw !== void 0 && selectorRaw !== null ? { selector: readLabels(selectorRaw, "spec.selector") } : {},
    ports: ports2,
    loadBalancerSourceRanges: ranges,
    source: { file: obj2.file, line: obj2.line }
  };
}
function ingressBackend(raw, namespace, what, line) {
  const service = field(raw, "service");
  if (service === void 0 || service === null) return void 0;
  const name = field(service, "name");
  if (typeof name !== "string" || name === "") throw new InvalidObject(`${what}.service needs a name`, line);
  const number = field(service, "port", "number");
  const portName = field(service, "port", "name");
  const port = number !== void 0 && number !== null ? portRef(number, `${what}.service.port.number`, line) : portRef(portName, `${what}.service.port.name`, line);
  return { namespace, service: name, ...port !== void 0 ? { port } : {}, line };
}
function readIngress(obj2, namespace) {
  const spec = obj2.body["spec"];
  const backends = [];
  const def = field(spec, "defaultBackend");
  if (def !== void 0 && def !== null) {
    const b = ingressBackend(def, namespace, "spec.defaultBackend", obj2.lineOf(def) ?? obj2.line);
    if (b) backends.push(b);
  }
  (optionalList(spec, "rules") ?? []).forEach((rule, i) => {
    (optionalList(rule, "http", "paths") ?? []).forEach((path, j) => {
      const what = `spec.rules[${i}].http.paths[${j}].backend`;
      const b = ingressBackend(field(path, "backend"), namespace, what, obj2.lineOf(path) ?? obj2.line);
      if (b) backends.push(b);
    });
  });
  return backends;
}
function readOpenShiftRoute(obj2, namespace) {
  const spec = obj2.body["spec"];
  const port = portRef(field(spec, "port", "targetPort"), "spec.port.targetPort", obj2.lineOf(field(spec, "port")) ?? obj2.line);
  const targets = [field(spec, "to"), ...optionalList(spec, "alternateBackends") ?? []];
  const backends = [];
  for (const t of targets) {
    if (!isRecord(t)) continue;
    const kind = t["kind"];
    if (kind !== void 0 && kind !== null && kind !== "" && kind !== "Service") continue;
    const name = t["name"];
    if (typeof name !== "string" || name === "") throw new InvalidObject("a Route target needs a name", obj2.lineOf(t) ?? obj2.line);
    backends.push({ namespace, service: name, ...port !== void 0 ? { port } : {}, line: obj2.lineOf(t) ?? obj2.line });
  }
  return backends;
}
function readGatewayRoute(obj2, namespace) {
  const spec = obj2.body["spec"];
  const parents = optionalList(spec, "parentRefs") ?? [];
  const toGateway = parents.some((p) => {
    const group = field(p, "group") ?? GATEWAY_GROUP;
    const kind = field(p, "kind") ?? "Gateway";
    return group === GATEWAY_GROUP && kind === "Gateway";
  });
  if (!toGateway) return [];
  const backends = [];
  (optionalList(spec, "rules") ?? []).forEach((rule, i) => {
    (optionalList(rule, "backendRefs") ?? []).forEach((ref2, j) => {
      const line = obj2.lineOf(ref2) ?? obj2.line;
      const what = `spec.rules[${i}].backendRefs[${j}]`;
      if (!isRecord(ref2)) throw new InvalidObject(`${what} must be a mapping`, line);
      const group = ref2["group"] ?? "";
      const kind = ref2["kind"] ?? "Service";
      if (group !== "" || kind !== "Service") return;
      const name = ref2["name"];
      if (typeof name !== "string" || name === "") throw new InvalidObject(`${what} needs a name`, line);
      const ns = typeof ref2["namespace"] === "string" && ref2["namespace"] !== "" ? ref2["namespace"] : namespace;
      const port = portRef(ref2["port"], `${what}.port`, line);
      if (typeof port === "string") throw new InvalidObject(`${what}.port must be a port number`, line);
      backends.push({ namespace: ns, service: name, ...port !== void 0 ? { port } : {}, line });
    });
  });
  return backends;
}
function readIngressRoute(obj2, kind, defaultNamespace) {
  const { name, namespace } = metadata(obj2, defaultNamespace);
  const spec = obj2.body["spec"];
  if (spec !== void 0 && spec !== null && !isRecord(spec)) throw new InvalidObject("spec must be a mapping");
  const backends = kind === "Ingress" ? readIngress(obj2, namespace) : kind === "Route" ? readOpenShiftRoute(obj2, namespace) : readGatewayRoute(obj2, namespace);
  return { kind, namespace, name, backends, source: { file: obj2.file, line: obj2.line } };
}
function readReferenceGrant(obj2, defaultNamespace) {
  const { name, namespace } = metadata(obj2, defaultNamespace);
  const spec = obj2.body["spec"];
  const from = (optionalList(spec, "from") ?? []).filter(isRecord).flatMap(
    (f) => f["group"] === GATEWAY_GROUP && typeof f["kind"] === "string" && typeof f["namespace"] === "string" ? [{ kind: f["kind"], namespace: f["namespace"] }] : []
  );
  const to = (optionalList(spec, "to") ?? []).filter(isRecord).flatMap(
    (t) => (t["group"] ?? "") === "" && t["kind"] === "Service" ? [typeof t["name"] === "string" && t["name"] !== "" ? { name: t["name"] } : {}] : []
  );
  return { namespace, name, from, to };
}

// src/input/load.ts
var MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];
var LFS_POINTER = "version https://git-lfs.github.com/spec/v1";
function isManifestPath(path) {
  const lower = path.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
function listItemKind(listKind) {
  return listKind !== "List" && listKind.endsWith("List") ? listKind.slice(0, -4) : void 0;
}
function repath(c, path) {
  const at = (s) => ({ file: path, line: s.line });
  const items = c.items.map((item) => {
    switch (item.kind) {
      case "workload":
        return { ...item, source: at(item.source) };
      case "namespace":
        return { ...item, namespace: { ...item.namespace, source: at(item.source) }, source: at(item.source) };
      case "policy":
        return { ...item, policy: { kind: item.policy.kind, policy: { ...item.policy.policy, source: at(item.policy.policy.source) } } };
      case "notAnalysed":
        return { ...item, what: { ...item.what, source: at(item.what.source) } };
      case "service":
        return { ...item, service: { ...item.service, source: at(item.service.source) } };
      case "ingressRoute":
        return { ...item, route: { ...item.route, source: at(item.route.source) } };
      case "referenceGrant":
      case "serviceAccount":
      case "ignored":
        return item;
    }
  });
  const objects = c.objects?.map((o) => ({ ...o, file: path }));
  return { ...c, path, items, diagnostics: c.diagnostics.map((d) => ({ ...d, file: path })), ...objects ? { objects } : {} };
}
var FileReader = class {
  constructor(defaultNamespace, notKubernetes = "error", keepObjects = false) {
    this.defaultNamespace = defaultNamespace;
    this.notKubernetes = notKubernetes;
    this.objects = keepObjects ? [] : void 0;
  }
  defaultNamespace;
  notKubernetes;
  items = [];
  diagnostics = [];
  objects;
  generators = 0;
  error(code, file, line, message) {
    this.diagnostics.push(diagnostic("error", code, { file, line }, message));
  }
  warn(code, file, line, message) {
    this.diagnostics.push(diagnostic("warning", code, { file, line }, message));
  }
  addDocument(doc, file) {
    const value = doc.value;
    if (!isRecord(value) || typeof value["kind"] !== "string" || value["kind"] === "") {
      const what = isRecord(value) ? "has no kind" : `is ${Array.isArray(value) ? "a list" : "a scalar"}, not an object`;
      this.diagnostics.push(diagnostic(this.notKubernetes, Codes.notKubernetes, { file, line: doc.line }, `not a Kubernetes object: the document ${what}; skipped`));
      return;
    }
    const kind = value["kind"];
    const items = value["items"];
    if (kind.endsWith("List") && (Array.isArray(items) || items === null || items === void 0)) {
      const itemKind = listItemKind(kind);
      for (const item of items ?? []) {
        const line = doc.lineOf(item);
        if (!isRecord(item)) {
          this.error(Codes.invalidObject, file, line, `${kind} item is not an object; skipped`);
          continue;
        }
        const k = typeof item["kind"] === "string" && item["kind"] !== "" ? item["kind"] : itemKind;
        if (!k) {
          this.error(Codes.notKubernetes, file, line, `${kind} item has no kind; skipped`);
          continue;
        }
        const apiVersion = stringField(item, "apiVersion") ?? (itemKind ? stringField(value, "apiVersion") : void 0);
        this.addObject({ kind: k, body: item, file, line, lineOf: doc.lineOf }, apiVersion);
      }
      return;
    }
    this.addObject({ kind, body: value, file, line: doc.line, lineOf: doc.lineOf }, stringField(value, "apiVersion"));
  }
  addObject(obj2, apiVersion, generatedBy) {
    const source = { file: obj2.file, line: obj2.line, ...generatedBy ? { generatedBy } : {} };
    this.objects?.push(apiVersion === void 0 ? obj2 : { ...obj2, apiVersion });
    const group = apiVersion === void 0 ? void 0 : splitApiVersion(apiVersion).group;
    try {
      if (WORKLOAD_KINDS.includes(obj2.kind) && (group === void 0 || WORKLOAD_GROUPS[obj2.kind].includes(group))) {
        this.items.push({ kind: "workload", part: readWorkload(obj2, obj2.kind, this.defaultNamespace), source });
        return;
      }
      if (obj2.kind === "Namespace" && (group === void 0 || group === "")) {
        const name = optionalString(obj2.body, "metadata", "name");
        if (!name) throw new InvalidObject("Namespace has no metadata.name");
        const labels = { ...readLabels(field(obj2.body, "metadata", "labels"), "metadata.labels"), [NAMESPACE_NAME_LABEL]: name };
        this.items.push({ kind: "namespace", namespace: { name, labels, declared: true, source }, source });
        return;
      }
      if (obj2.kind === "ServiceAccount" && (group === void 0 || group === "")) {
        const name = optionalString(obj2.body, "metadata", "name");
        if (name) {
          const namespace = optionalString(obj2.body, "metadata", "namespace") || this.defaultNamespace;
          this.items.push({ kind: "serviceAccount", id: `${namespace}/${name}`, labels: readLabels(field(obj2.body, "metadata", "labels"), "metadata.labels") });
        }
        this.items.push({ kind: "ignored", objectKind: obj2.kind });
        return;
      }
      if (obj2.kind === "Service" && (group === void 0 || group === "")) {
        this.items.push({ kind: "service", service: readService(obj2, this.defaultNamespace) });
        return;
      }
      if (ROUTE_KINDS.includes(obj2.kind) && group !== void 0 && ROUTE_GROUPS[obj2.kind].includes(group)) {
        this.items.push({ kind: "ingressRoute", route: readIngressRoute(obj2, obj2.kind, this.defaultNamespace) });
        return;
      }
      if (obj2.kind === "ReferenceGrant" && group === "gateway.networking.k8s.io") {
        this.items.push({ kind: "referenceGrant", grant: readReferenceGrant(obj2, this.defaultNamespace) });
        return;
      }
      if (apiVersion === void 0) {
        if (recognise(obj2, "networking.k8s.io/v1").kind !== "other" || /Policy$/.test(obj2.kind)) {
          throw new InvalidObject(`${obj2.kind} has no apiVersion, which kubectl rejects; which API it belongs to cannot be told`);
        }
        this.items.push({ kind: "ignored", objectKind: obj2.kind });
        return;
      }
      const found = recognise(obj2, apiVersion);
      if (found.kind === "policy") {
        const read = found.policyKind.read(obj2, { defaultNamespace: this.defaultNamespace });
        const policy = generatedBy ? { ...read.policy, source: { ...read.policy.source, generatedBy } } : read.policy;
        const label2 = `${policy.kind} ${policyId(policy)}${generatedBy ? ` (${generatedByText(generatedBy)})` : ""}`;
        for (const n of read.notes) {
          this.warn(n.code, obj2.file, n.line, `${label2}: ${n.message}`);
          if (n.code === Codes.unsupported) this.items.push({ kind: "notAnalysed", what: { kind: "rule part", name: label2, source: { file: obj2.file, line: n.line }, reason: n.message } });
        }
        this.items.push({ kind: "policy", policy: { kind: found.policyKind, policy } });
      } else if (found.kind === "generator") {
        this.generators++;
      } else if (found.kind === "notAnalysed") {
        const name = optionalName(obj2);
        const by = generatedBy ? ` ${generatedByText(generatedBy)}` : "";
        this.warn(Codes.notAnalysed, obj2.file, obj2.line, `${obj2.kind}${name ? ` ${name}` : ""} (${apiVersion})${by} is not analysed: ${found.reason}; the traffic it governs is shown as if it did not exist`);
        this.items.push({ kind: "notAnalysed", what: { kind: obj2.kind, ...name ? { name } : {}, source, reason: found.reason } });
      } else {
        this.items.push({ kind: "ignored", objectKind: obj2.kind });
      }
    } catch (e) {
      if (!(e instanceof InvalidObject)) throw e;
      const name = optionalName(obj2);
      const policyLike = /Policy$/.test(obj2.kind);
      this.error(
        generatedBy ? ExpansionCodes.invalidGenerated : policyLike ? Codes.invalidPolicy : Codes.invalidObject,
        obj2.file,
        e.line ?? obj2.line,
        `invalid ${obj2.kind}${name ? ` ${name}` : ""}${generatedBy ? ` ${generatedByText(generatedBy)}` : ""}: ${e.message}; ${policyLike ? "policy" : "object"} skipped`
      );
    }
  }
};
var WORKLOAD_GROUPS = {
  Pod: [""],
  ReplicationController: [""],
  Deployment: ["apps", "extensions"],
  DaemonSet: ["apps", "extensions"],
  ReplicaSet: ["apps", "extensions"],
  StatefulSet: ["apps"],
  Job: ["batch"],
  CronJob: ["batch"]
};
function stringField(obj2, key2) {
  const v = obj2[key2];
  return typeof v === "string" && v !== "" ? v : void 0;
}
function readFile(f, options = {}) {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if ("error" in f) return { path: f.path, items: [], diagnostics: [diagnostic("error", Codes.unreadable, { file: f.path, line: 1 }, f.error)], generators: 0 };
  if (f.text.startsWith(LFS_POINTER)) {
    return { path: f.path, items: [], diagnostics: [diagnostic("error", Codes.unreadable, { file: f.path, line: 1 }, "a Git LFS pointer: the file itself is not in the repository, so it is not read")], generators: 0 };
  }
  const reader = new FileReader(options.defaultNamespace ?? "default", options.notKubernetes, options.keepObjects);
  const parsed2 = parseDocuments(f.text, f.path, limits);
  reader.diagnostics.push(...parsed2.diagnostics);
  for (const doc of parsed2.documents) reader.addDocument(doc, f.path);
  return contributionOf(f.path, reader);
}
function contributionOf(path, reader) {
  return { path, items: reader.items, diagnostics: reader.diagnostics, generators: reader.generators, ...reader.objects ? { objects: reader.objects } : {} };
}
function readGenerated(objects, options = {}) {
  const reader = new FileReader(options.defaultNamespace ?? "default", options.notKubernetes);
  for (const o of objects) reader.addObject(o, o.apiVersion, o.generatedBy);
  return { ...contributionOf(objects[0]?.file ?? "", reader), generated: true };
}
var ClusterBuilder = class {
  diagnostics = [];
  namespaces = /* @__PURE__ */ new Map();
  serviceAccounts = /* @__PURE__ */ new Map();
  workloads = /* @__PURE__ */ new Map();
  /** By kind and id: the last of duplicates is used, at the place of the first. */
  policies = /* @__PURE__ */ new Map();
  notAnalysed = [];
  /** By kind and `ns/name`: the last of duplicates is used. */
  services = /* @__PURE__ */ new Map();
  routes = /* @__PURE__ */ new Map();
  grants = [];
  ignored = /* @__PURE__ */ new Map();
  referencedNamespaces = /* @__PURE__ */ new Set();
  generators = 0;
  warn(code, at, message) {
    this.diagnostics.push(diagnostic("warning", code, at, message));
  }
  add(c) {
    this.diagnostics.push(...c.diagnostics);
    this.generators += c.generators;
    for (const item of c.items) {
      switch (item.kind) {
        case "workload":
          this.addWorkload(item.part, item.source);
          break;
        case "namespace": {
          const previous = this.namespaces.get(item.namespace.name);
          if (previous?.declared) {
            this.warn(Codes.duplicate, item.source, `Namespace ${item.namespace.name} is declared more than once (also at ${previous.source?.file}:${previous.source?.line}); the last one is used`);
          }
          this.namespaces.set(item.namespace.name, item.namespace);
          break;
        }
        case "policy": {
          const { policy, kind } = item.policy;
          const id = policyId(policy);
          const key2 = `${policy.kind}\0${id}`;
          const previous = this.policies.get(key2)?.policy;
          if (previous && !previous.source.generatedBy && !policy.source.generatedBy) {
            this.warn(Codes.duplicate, policy.source, `${policy.kind} ${id} is declared more than once (also at ${previous.source.file}:${previous.source.line}); the last one is used`);
          }
          if (policy.namespace !== void 0) this.referencedNamespaces.add(policy.namespace);
          this.policies.set(key2, { kind, policy });
          break;
        }
        case "serviceAccount":
          this.serviceAccounts.set(item.id, item.labels);
          break;
        case "service":
          this.services.set(`${item.service.namespace}/${item.service.name}`, item.service);
          break;
        case "ingressRoute":
          this.routes.set(`${item.route.kind}\0${item.route.namespace}/${item.route.name}`, item.route);
          break;
        case "referenceGrant":
          this.grants.push(item.grant);
          break;
        case "notAnalysed":
          this.notAnalysed.push(item.what);
          break;
        case "ignored":
          this.ignored.set(item.objectKind, (this.ignored.get(item.objectKind) ?? 0) + 1);
          break;
      }
    }
  }
  addWorkload(part, source) {
    this.referencedNamespaces.add(part.namespace);
    const existing = this.workloads.get(part.id);
    if (!existing) {
      this.workloads.set(part.id, { parts: [part], pods: [part.pod], source });
      return;
    }
    if (!part.owned || !existing.parts.every((p) => p.owned)) {
      this.warn(Codes.duplicate, source, `${part.id} is declared more than once (also at ${existing.source.file}:${existing.source.line}); both are analysed as one workload`);
    }
    existing.parts.push(part);
    if (!existing.pods.some((p) => samePod(p, part.pod))) existing.pods.push(part.pod);
    if (part.pod.hostNetwork !== existing.pods[0].hostNetwork) this.warn(Codes.labelsDiffer, source, `pods of ${part.id} differ in hostNetwork`);
  }
  build(files) {
    for (const name of this.referencedNamespaces) {
      if (!this.namespaces.has(name)) this.namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
    }
    const policies = [...this.policies.values()];
    const workloads = [...this.workloads.entries()].map(([id, w]) => {
      const first = w.parts[0];
      return { id, namespace: first.namespace, name: first.name, kind: first.kind, pods: w.pods, source: w.source };
    }).sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return {
      namespaces: new Map([...this.namespaces.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)),
      workloads,
      serviceAccounts: this.serviceAccounts,
      policies,
      // Calico's NetworkPolicy has the same kind in another group: told apart by the policy's own kind
      networkPolicies: policies.filter((p) => p.policy.kind === "NetworkPolicy").map((p) => p.policy),
      notAnalysed: this.notAnalysed,
      services: [...this.services.values()],
      ingressRoutes: [...this.routes.values()],
      referenceGrants: this.grants,
      ignoredKinds: this.ignored,
      diagnostics: this.diagnostics.sort(compareDiagnostics),
      files,
      generators: this.generators
    };
  }
};
function optionalName(obj2) {
  const name = field(obj2.body, "metadata", "name");
  const ns = field(obj2.body, "metadata", "namespace");
  if (typeof name !== "string") return void 0;
  return typeof ns === "string" && ns !== "" ? `${ns}/${name}` : name;
}
function samePod(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
function cachedContribution(f, cache) {
  const cached = "text" in f ? cache?.get(f.text) : void 0;
  if (!cached) return void 0;
  return cached.path === f.path ? cached : repath(cached, f.path);
}
function combine(contributions) {
  const builder = new ClusterBuilder();
  const paths = [];
  for (const c of contributions) {
    if (!c.generated) paths.push(c.path);
    builder.add(c);
  }
  return builder.build(paths);
}
function readFiles(files, options = {}, cache) {
  const keepObjects = options.keepObjects ?? files.some((f) => "text" in f && f.text.includes("kyverno.io"));
  const read = (opts) => files.map((f) => {
    let c = cachedContribution(f, cache);
    if (!c || opts.keepObjects && !c.objects) {
      c = readFile(f, opts);
      if ("text" in f) cache?.set(f.text, c);
    }
    return c;
  });
  const contributions = read({ ...options, keepObjects });
  if (!keepObjects && contributions.some((c) => c.generators > 0)) return read({ ...options, keepObjects: true });
  return contributions;
}

// src/expand/kyverno/jmespath.ts
var JmesPathError = class extends Error {
};
var Unsupported = class extends Error {
};
var BP = {
  eof: 0,
  id: 0,
  qid: 0,
  literal: 0,
  "]": 0,
  ")": 0,
  ",": 0,
  "}": 0,
  number: 0,
  "@": 0,
  "&": 0,
  ":": 0,
  "|": 1,
  "||": 2,
  "&&": 3,
  "==": 5,
  "!=": 5,
  "<": 5,
  "<=": 5,
  ">": 5,
  ">=": 5,
  "[]": 9,
  "*": 20,
  "[?": 21,
  ".": 40,
  "!": 45,
  "{": 50,
  "[": 55,
  "(": 60
};
function tokenize2(text) {
  const out = [];
  let i = 0;
  const fail = (what) => {
    throw new JmesPathError(`${what} at position ${i} of "${text}"`);
  };
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      out.push({ type: "id", value: text.slice(start, i), pos: start });
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      if (i >= text.length) fail("unterminated quoted identifier");
      i++;
      out.push({ type: "qid", value: JSON.parse(text.slice(start, i)), pos: start });
    } else if (c === "'") {
      i++;
      let s = "";
      while (i < text.length && text[i] !== "'") {
        if (text[i] === "\\" && text[i + 1] === "'") {
          s += "'";
          i += 2;
        } else s += text[i++];
      }
      if (i >= text.length) fail("unterminated raw string");
      i++;
      out.push({ type: "literal", value: s, pos: start });
    } else if (c === "`") {
      i++;
      let s = "";
      while (i < text.length && text[i] !== "`") {
        if (text[i] === "\\" && text[i + 1] === "`") {
          s += "`";
          i += 2;
        } else s += text[i++];
      }
      if (i >= text.length) fail("unterminated literal");
      i++;
      let value;
      try {
        value = JSON.parse(s);
      } catch {
        value = s.trim();
      }
      out.push({ type: "literal", value, pos: start });
    } else if (/[0-9-]/.test(c)) {
      i++;
      while (i < text.length && /[0-9]/.test(text[i])) i++;
      if (text.slice(start, i) === "-") fail('a lone "-"');
      out.push({ type: "number", value: Number(text.slice(start, i)), pos: start });
    } else if (c === "[") {
      if (text[i + 1] === "]") {
        out.push({ type: "[]", pos: start });
        i += 2;
      } else if (text[i + 1] === "?") {
        out.push({ type: "[?", pos: start });
        i += 2;
      } else {
        out.push({ type: "[", pos: start });
        i++;
      }
    } else {
      const two = text.slice(i, i + 2);
      if (["||", "&&", "==", "!=", "<=", ">="].includes(two)) {
        out.push({ type: two, pos: start });
        i += 2;
      } else if (".*]{}(),:@&|!<>".includes(c)) {
        out.push({ type: c, pos: start });
        i++;
      } else if (c === "=") {
        fail('a single "=" (comparisons are written ==)');
      } else {
        fail(`unexpected character "${c}"`);
      }
    }
  }
  out.push({ type: "eof", pos: text.length });
  return out;
}
var Parser2 = class {
  constructor(tokens, text) {
    this.tokens = tokens;
    this.text = text;
  }
  tokens;
  text;
  pos = 0;
  peek(k = 0) {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }
  next() {
    return this.tokens[this.pos++];
  }
  fail(t, what = `unexpected "${t.value ?? t.type}"`) {
    throw new JmesPathError(`${what} at position ${t.pos} of "${this.text}"`);
  }
  expect(type2) {
    const t = this.next();
    if (t.type !== type2) this.fail(t, `expected "${type2}", found "${t.value ?? t.type}"`);
    return t;
  }
  parse() {
    const n = this.expression(0);
    if (this.peek().type !== "eof") this.fail(this.peek());
    return n;
  }
  expression(rbp) {
    let left = this.nud(this.next());
    while (rbp < (BP[this.peek().type] ?? 0)) left = this.led(this.next(), left);
    return left;
  }
  nud(t) {
    switch (t.type) {
      case "literal":
        return { t: "literal", value: t.value };
      case "id":
        return { t: "field", name: t.value };
      case "qid":
        if (this.peek().type === "(") this.fail(t, "a quoted identifier cannot name a function");
        return { t: "field", name: t.value };
      case "!":
        return { t: "not", child: this.expression(BP["!"]) };
      case "*":
        return { t: "valueProject", left: { t: "current" }, right: this.peek().type === "]" ? { t: "current" } : this.projectionRhs(BP["*"]) };
      case "[?":
        return this.led(t, { t: "current" });
      case "{":
        return this.hash();
      case "[]":
        return { t: "project", left: { t: "flatten", child: { t: "current" } }, right: this.projectionRhs(BP["[]"]) };
      case "[": {
        const k = this.peek().type;
        if (k === "number" || k === ":") return this.projectIfSlice({ t: "current" }, this.indexExpression());
        if (k === "*" && this.peek(1).type === "]") {
          this.pos += 2;
          return { t: "project", left: { t: "current" }, right: this.projectionRhs(BP["*"]) };
        }
        return this.list();
      }
      case "@":
        return { t: "current" };
      case "&":
        return { t: "expref", child: this.expression(BP["&"]) };
      case "(": {
        const e = this.expression(0);
        this.expect(")");
        return e;
      }
      default:
        return this.fail(t);
    }
  }
  led(t, left) {
    switch (t.type) {
      case ".":
        if (this.peek().type === "*") {
          this.next();
          return { t: "valueProject", left, right: this.projectionRhs(BP["."]) };
        }
        return { t: "sub", left, right: this.dotRhs(BP["."]) };
      case "|":
        return { t: "pipe", left, right: this.expression(BP["|"]) };
      case "||":
        return { t: "or", left, right: this.expression(BP["||"]) };
      case "&&":
        return { t: "and", left, right: this.expression(BP["&&"]) };
      case "(": {
        if (left.t !== "field") this.fail(t, "only a name can be called");
        const args = [];
        while (this.peek().type !== ")") {
          args.push(this.expression(0));
          if (this.peek().type === ",") this.next();
          else if (this.peek().type !== ")") this.fail(this.peek());
        }
        this.expect(")");
        return { t: "call", name: left.name, args };
      }
      case "[?": {
        const cond = this.expression(0);
        this.expect("]");
        const right = this.peek().type === "[]" ? { t: "current" } : this.projectionRhs(BP["[?"]);
        return { t: "filterProject", left, right, cond };
      }
      case "[]":
        return { t: "project", left: { t: "flatten", child: left }, right: this.projectionRhs(BP["[]"]) };
      case "==":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=":
        return { t: "cmp", op: t.type, left, right: this.expression(BP[t.type]) };
      case "[": {
        const k = this.peek().type;
        if (k === "number" || k === ":") return this.projectIfSlice(left, this.indexExpression());
        this.expect("*");
        this.expect("]");
        return { t: "project", left, right: this.projectionRhs(BP["*"]) };
      }
      default:
        return this.fail(t);
    }
  }
  projectIfSlice(left, right) {
    const e = { t: "indexExpr", left, right };
    return right.t === "slice" ? { t: "project", left: e, right: this.projectionRhs(BP["*"]) } : e;
  }
  indexExpression() {
    if (this.peek().type === ":" || this.peek(1).type === ":") return this.slice();
    const n = this.expect("number");
    this.expect("]");
    return { t: "index", index: n.value };
  }
  slice() {
    const parts = [null, null, null];
    let i = 0;
    while (this.peek().type !== "]") {
      const t = this.next();
      if (t.type === ":") {
        i++;
        if (i > 2) this.fail(t, "too many colons in a slice");
      } else if (t.type === "number") {
        parts[i] = t.value;
      } else this.fail(t);
    }
    this.expect("]");
    if (parts[2] === 0) throw new JmesPathError(`a slice step cannot be 0 in "${this.text}"`);
    return { t: "slice", start: parts[0], stop: parts[1], step: parts[2] };
  }
  projectionRhs(rbp) {
    const k = this.peek().type;
    if ((BP[k] ?? 0) < 10) return { t: "current" };
    if (k === "[" || k === "[?") return this.expression(rbp);
    if (k === ".") {
      this.next();
      return this.dotRhs(rbp);
    }
    return this.fail(this.peek());
  }
  dotRhs(rbp) {
    const k = this.peek().type;
    if (k === "id" || k === "qid" || k === "*") return this.expression(rbp);
    if (k === "[") {
      this.next();
      return this.list();
    }
    if (k === "{") {
      this.next();
      return this.hash();
    }
    return this.fail(this.peek());
  }
  list() {
    const items = [];
    while (this.peek().type !== "]") {
      items.push(this.expression(0));
      if (this.peek().type === ",") {
        this.next();
        if (this.peek().type === "]") this.fail(this.peek());
      } else if (this.peek().type !== "]") this.fail(this.peek());
    }
    this.expect("]");
    if (items.length === 0) this.fail(this.peek(-1), "an empty multi-select list");
    return { t: "list", items };
  }
  hash() {
    const pairs2 = [];
    for (; ; ) {
      const k = this.next();
      if (k.type !== "id" && k.type !== "qid") this.fail(k, "expected a key");
      this.expect(":");
      pairs2.push({ key: k.value, value: this.expression(0) });
      const t = this.next();
      if (t.type === "}") break;
      if (t.type !== ",") this.fail(t);
    }
    return { t: "hash", pairs: pairs2 };
  }
};
var parsed = /* @__PURE__ */ new Map();
function compile2(text) {
  let n = parsed.get(text);
  if (!n) {
    n = new Parser2(tokenize2(text), text).parse();
    if (parsed.size > 1e4) parsed.clear();
    parsed.set(text, n);
  }
  return n;
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function truthy(v) {
  if (v === null || v === false || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return true;
}
function deepEqual(a, b) {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
function typeOf(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v;
}
function sliceOf(list2, start, stop, step) {
  const n = list2.length;
  const s = step ?? 1;
  const clamp = (v, dflt) => {
    if (v === null) return dflt;
    if (v < 0) return Math.max(v + n, s < 0 ? -1 : 0);
    return Math.min(v, s < 0 ? n - 1 : n);
  };
  const a = clamp(start, s < 0 ? n - 1 : 0);
  const b = clamp(stop, s < 0 ? -1 : n);
  const out = [];
  if (s > 0) for (let i = a; i < b; i += s) out.push(list2[i]);
  else for (let i = a; i > b; i += s) out.push(list2[i]);
  return out;
}
function isExpRef(v) {
  return typeof v === "object" && v !== null && "expref" in v && !Array.isArray(v);
}
function evaluate3(n, v) {
  switch (n.t) {
    case "field":
      return isObject(v) && n.name in v ? v[n.name] : null;
    case "sub":
      return evaluate3(n.right, evaluate3(n.left, v));
    case "index": {
      if (!Array.isArray(v)) return null;
      const i = n.index < 0 ? v.length + n.index : n.index;
      return v[i] ?? null;
    }
    case "slice":
      return Array.isArray(v) ? sliceOf(v, n.start, n.stop, n.step) : null;
    case "indexExpr":
      return evaluate3(n.right, evaluate3(n.left, v));
    case "project": {
      const base = evaluate3(n.left, v);
      if (!Array.isArray(base)) return null;
      return base.map((x) => evaluate3(n.right, x)).filter((x) => x !== null);
    }
    case "valueProject": {
      const base = evaluate3(n.left, v);
      if (!isObject(base)) return null;
      return Object.values(base).map((x) => evaluate3(n.right, x)).filter((x) => x !== null);
    }
    case "filterProject": {
      const base = evaluate3(n.left, v);
      if (!Array.isArray(base)) return null;
      return base.filter((x) => truthy(evaluate3(n.cond, x))).map((x) => evaluate3(n.right, x)).filter((x) => x !== null);
    }
    case "flatten": {
      const base = evaluate3(n.child, v);
      if (!Array.isArray(base)) return null;
      return base.flatMap((x) => Array.isArray(x) ? x : [x]);
    }
    case "current":
      return v;
    case "literal":
      return n.value;
    case "or": {
      const l = evaluate3(n.left, v);
      return truthy(l) ? l : evaluate3(n.right, v);
    }
    case "and": {
      const l = evaluate3(n.left, v);
      return truthy(l) ? evaluate3(n.right, v) : l;
    }
    case "pipe":
      return evaluate3(n.right, evaluate3(n.left, v));
    case "not":
      return !truthy(evaluate3(n.child, v));
    case "cmp": {
      const a = evaluate3(n.left, v);
      const b = evaluate3(n.right, v);
      if (n.op === "==") return deepEqual(a, b);
      if (n.op === "!=") return !deepEqual(a, b);
      if (typeof a !== "number" || typeof b !== "number") return null;
      return n.op === "<" ? a < b : n.op === "<=" ? a <= b : n.op === ">" ? a > b : a >= b;
    }
    case "list":
      return v === null ? null : n.items.map((x) => evaluate3(x, v));
    case "hash": {
      if (v === null) return null;
      const out = {};
      for (const p of n.pairs) out[p.key] = evaluate3(p.value, v);
      return out;
    }
    case "call":
      return call(n.name, n.args.map((a) => a.t === "expref" ? { expref: a.child } : evaluate3(a, v)));
    case "expref":
      throw new JmesPathError("an expression reference (&) is only an argument of a function");
  }
}
function want(name, v, type2, test) {
  if (isExpRef(v) || !test(v)) throw new JmesPathError(`${name}() takes ${Array.isArray(type2) ? type2.join(" or ") : type2}, not ${isExpRef(v) ? "an expression" : typeOf(v)}`);
  return v;
}
var str2 = (name, v) => want(name, v, "a string", (x) => typeof x === "string");
var num = (name, v) => want(name, v, "a number", (x) => typeof x === "number");
var arr = (name, v) => want(name, v, "an array", Array.isArray);
var obj = (name, v) => want(name, v, "an object", isObject);
var ref = (name, v) => {
  if (!isExpRef(v)) throw new JmesPathError(`${name}() takes an expression (&...)`);
  return v.expref;
};
function sortKey(name, values) {
  if (values.every((x) => typeof x === "number")) return [...values].sort((a, b) => a - b);
  if (values.every((x) => typeof x === "string")) return [...values].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  throw new JmesPathError(`${name}() sorts numbers or strings`);
}
function toString(v) {
  return typeof v === "string" ? v : JSON.stringify(v);
}
var FUNCTIONS = {
  abs: ([a], n) => Math.abs(num(n, a)),
  avg: ([a], n) => {
    const l = arr(n, a).map((x) => num(n, x));
    return l.length === 0 ? null : l.reduce((x, y) => x + y, 0) / l.length;
  },
  ceil: ([a], n) => Math.ceil(num(n, a)),
  contains: ([a, b], n) => {
    const s = want(n, a, ["a string", "an array"], (x) => typeof x === "string" || Array.isArray(x));
    if (typeof s === "string") return typeof b === "string" && s.includes(b);
    return s.some((x) => deepEqual(x, b));
  },
  ends_with: ([a, b], n) => str2(n, a).endsWith(str2(n, b)),
  floor: ([a], n) => Math.floor(num(n, a)),
  join: ([sep, list2], n) => arr(n, list2).map((x) => str2(n, x)).join(str2(n, sep)),
  keys: ([a], n) => Object.keys(obj(n, a)),
  length: ([a], n) => {
    const v = want(n, a, ["a string", "an array", "an object"], (x) => typeof x === "string" || Array.isArray(x) || isObject(x));
    return typeof v === "string" ? [...v].length : Array.isArray(v) ? v.length : Object.keys(v).length;
  },
  map: ([e, list2], n) => {
    const node = ref(n, e);
    return arr(n, list2).map((x) => evaluate3(node, x));
  },
  max: ([a], n) => {
    const l = sortKey(n, arr(n, a));
    return l.length === 0 ? null : l[l.length - 1];
  },
  max_by: ([a, e], n) => {
    const node = ref(n, e);
    const l = arr(n, a);
    let best = null;
    let bestKey = null;
    for (const x of l) {
      const k = want(n, evaluate3(node, x), ["a number", "a string"], (y) => typeof y === "number" || typeof y === "string");
      if (bestKey === null || k > bestKey) [best, bestKey] = [x, k];
    }
    return best;
  },
  merge: (args, n) => Object.assign({}, ...args.map((a) => obj(n, a))),
  min: ([a], n) => {
    const l = sortKey(n, arr(n, a));
    return l.length === 0 ? null : l[0];
  },
  min_by: ([a, e], n) => {
    const node = ref(n, e);
    let best = null;
    let bestKey = null;
    for (const x of arr(n, a)) {
      const k = want(n, evaluate3(node, x), ["a number", "a string"], (y) => typeof y === "number" || typeof y === "string");
      if (bestKey === null || k < bestKey) [best, bestKey] = [x, k];
    }
    return best;
  },
  not_null: (args) => args.find((a) => !isExpRef(a) && a !== null) ?? null,
  reverse: ([a], n) => {
    const v = want(n, a, ["a string", "an array"], (x) => typeof x === "string" || Array.isArray(x));
    return typeof v === "string" ? [...v].reverse().join("") : [...v].reverse();
  },
  sort: ([a], n) => sortKey(n, arr(n, a)),
  sort_by: ([a, e], n) => {
    const node = ref(n, e);
    const l = arr(n, a).map((x) => ({ x, k: evaluate3(node, x) }));
    sortKey(n, l.map((p) => p.k));
    return l.sort((p, q) => p.k < q.k ? -1 : p.k > q.k ? 1 : 0).map((p) => p.x);
  },
  starts_with: ([a, b], n) => str2(n, a).startsWith(str2(n, b)),
  sum: ([a], n) => arr(n, a).reduce((x, y) => x + num(n, y), 0),
  to_array: ([a]) => Array.isArray(a) ? a : [a],
  to_number: ([a]) => {
    if (typeof a === "number") return a;
    if (typeof a === "string" && a.trim() !== "" && Number.isFinite(Number(a))) return Number(a);
    return null;
  },
  to_string: ([a]) => toString(a),
  type: ([a]) => typeOf(a),
  values: ([a], n) => Object.values(obj(n, a)),
  // Kyverno's (kyverno.io/docs/policy-types/cluster-policy/jmespath/#custom-filters)
  split: ([a, b], n) => str2(n, a).split(str2(n, b)),
  to_upper: ([a], n) => str2(n, a).toUpperCase(),
  to_lower: ([a], n) => str2(n, a).toLowerCase(),
  trim: ([a, b], n) => {
    const s = str2(n, a);
    const cut = /* @__PURE__ */ new Set([...str2(n, b)]);
    let i = 0;
    let j = s.length;
    while (i < j && cut.has(s[i])) i++;
    while (j > i && cut.has(s[j - 1])) j--;
    return s.slice(i, j);
  },
  trim_prefix: ([a, b], n) => {
    const s = str2(n, a);
    const p = str2(n, b);
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  replace_all: ([a, b, c], n) => str2(n, a).split(str2(n, b)).join(str2(n, c)),
  replace: ([a, b, c, d], n) => {
    let s = str2(n, a);
    const from = str2(n, b);
    const to = str2(n, c);
    let times = num(n, d);
    if (times < 0) return s.split(from).join(to);
    let out = "";
    while (times-- > 0) {
      const i = s.indexOf(from);
      if (i < 0) break;
      out += s.slice(0, i) + to;
      s = s.slice(i + from.length);
    }
    return out + s;
  },
  truncate: ([a, b], n) => [...str2(n, a)].slice(0, Math.max(0, num(n, b))).join(""),
  equal_fold: ([a, b], n) => str2(n, a).toLowerCase() === str2(n, b).toLowerCase(),
  to_boolean: ([a], n) => {
    const s = str2(n, a).toLowerCase();
    if (s === "true") return true;
    if (s === "false") return false;
    throw new JmesPathError(`to_boolean() takes "true" or "false", not "${s}"`);
  },
  object_from_lists: ([a, b], n) => {
    const keys = arr(n, a);
    const values = arr(n, b);
    const out = {};
    keys.forEach((k, i) => out[str2(n, k)] = values[i] ?? null);
    return out;
  },
  items: ([a, b, c], n) => {
    const o = obj(n, a);
    return Object.keys(o).sort().map((k) => ({ [str2(n, b)]: k, [str2(n, c)]: o[k] }));
  }
};
var KYVERNO_ONLY = [
  "add",
  "base64_decode",
  "base64_encode",
  "compare",
  "divide",
  "image_normalize",
  "is_external_url",
  "label_match",
  "lookup",
  "md5",
  "modulo",
  "multiply",
  "parse_json",
  "parse_yaml",
  "path_canonicalize",
  "pattern_match",
  "random",
  "regex_match",
  "regex_replace_all",
  "regex_replace_all_literal",
  "round",
  "semver_compare",
  "sha1",
  "sha256",
  "subtract",
  "time_add",
  "time_after",
  "time_before",
  "time_between",
  "time_diff",
  "time_now",
  "time_now_utc",
  "time_parse",
  "time_since",
  "time_to_cron",
  "time_truncate",
  "time_utc",
  "x509_decode"
];
function call(name, args) {
  const f = FUNCTIONS[name];
  if (f) return f(args, name);
  if (KYVERNO_ONLY.includes(name)) throw new Unsupported(`the JMESPath function ${name}() is not evaluated by reachdiff`);
  throw new JmesPathError(`unknown function ${name}()`);
}
function rootOf(n) {
  switch (n.t) {
    case "field":
      return n.name;
    case "sub":
    case "indexExpr":
    case "project":
    case "valueProject":
    case "filterProject":
    case "pipe":
      return rootOf(n.left);
    case "flatten":
      return rootOf(n.child);
    case "or":
    case "and":
    case "cmp":
      return rootOf(n.left);
    default:
      return void 0;
  }
}
function search(text, data) {
  return evaluate3(compile2(text), data);
}

// src/expand/kyverno/wildcard.ts
var compiled = /* @__PURE__ */ new Map();
function hasWildcard(pattern) {
  return pattern.includes("*") || pattern.includes("?");
}
function wildcardMatch(pattern, text) {
  if (!hasWildcard(pattern)) return pattern === text;
  let re = compiled.get(pattern);
  if (!re) {
    const body = [...pattern].map((c) => c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")).join("");
    re = new RegExp(`^${body}$`, "u");
    compiled.set(pattern, re);
  }
  return re.test(text);
}

// src/expand/kyverno/match.ts
var InvalidFilter = class extends Error {
};
function strings(v, what) {
  if (v === void 0 || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new InvalidFilter(`${what} must be a list of strings`);
  return v;
}
function kindMatches(pattern, c) {
  let parts = pattern.split("/");
  const last = parts[parts.length - 1];
  const subresource = parts.length >= 2 && /^[a-z]/.test(last) && /^[A-Z*]/.test(parts[parts.length - 2]) || /^[A-Z][^.]*\.[a-z]/.test(last);
  if (subresource || parts.length > 3) return false;
  parts = parts.length === 1 ? ["*", "*", last] : parts.length === 2 ? ["*", parts[0], last] : parts;
  const [g, v, k] = parts;
  return wildcardMatch(g, c.group) && wildcardMatch(v, c.version) && wildcardMatch(k, c.kind);
}
function selectorMatches(raw, labels, what) {
  if (!isRecord(raw)) throw new InvalidFilter(`${what} must be a label selector`);
  const ml = raw["matchLabels"];
  if (ml !== void 0 && ml !== null) {
    if (!isRecord(ml)) throw new InvalidFilter(`${what}.matchLabels must be a mapping`);
    for (const [k, v] of Object.entries(ml)) {
      const value = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : void 0;
      if (value === void 0) throw new InvalidFilter(`${what}.matchLabels: the value of "${k}" must be a string`);
      if (!Object.entries(labels).some(([lk, lv]) => wildcardMatch(k, lk) && wildcardMatch(value, lv))) return false;
    }
  }
  if (raw["matchExpressions"] === void 0 || raw["matchExpressions"] === null) return true;
  const parsed2 = parseSelector({ matchExpressions: raw["matchExpressions"] });
  if ("error" in parsed2) throw new InvalidFilter(`${what}: ${parsed2.error}`);
  return matches(parsed2, labels);
}
function namesUser(filter) {
  return ["subjects", "roles", "clusterRoles"].some((k) => Array.isArray(filter[k]) && filter[k].length > 0);
}
function filterHolds(filter, c, excluding) {
  const res = filter["resources"];
  const r = isRecord(res) ? res : {};
  if (excluding && namesUser(filter)) return false;
  const kinds = strings(r["kinds"], "resources.kinds");
  if (kinds.length > 0 && !kinds.some((k) => kindMatches(k, c))) return false;
  if (typeof r["name"] === "string" && r["name"] !== "" && !wildcardMatch(r["name"], c.name)) return false;
  const names = strings(r["names"], "resources.names");
  if (names.length > 0 && !names.some((n) => wildcardMatch(n, c.name))) return false;
  const ns = c.kind === "Namespace" && c.group === "" ? c.name : c.namespace;
  const namespaces = strings(r["namespaces"], "resources.namespaces");
  if (namespaces.length > 0 && !namespaces.some((n) => wildcardMatch(n, ns))) return false;
  if (isRecord(r["annotations"])) {
    for (const [k, v] of Object.entries(r["annotations"])) {
      if (!Object.entries(c.annotations).some(([ak, av]) => wildcardMatch(k, ak) && wildcardMatch(String(v), av))) return false;
    }
  }
  if (r["selector"] !== void 0 && r["selector"] !== null && !selectorMatches(r["selector"], c.labels, "resources.selector")) return false;
  if (r["namespaceSelector"] !== void 0 && r["namespaceSelector"] !== null && !(c.kind === "Namespace" && c.group === "")) {
    if (!selectorMatches(r["namespaceSelector"], c.namespaceLabels, "resources.namespaceSelector")) return false;
  }
  const operations = strings(r["operations"], "resources.operations");
  if (operations.length > 0 && !operations.includes("CREATE")) return false;
  return true;
}
function isEmptyFilter(filter) {
  const r = filter["resources"];
  return (!isRecord(r) || Object.values(r).every((v) => v === void 0 || v === null || Array.isArray(v) && v.length === 0)) && !namesUser(filter);
}
function filtersOf(block, what) {
  if (block === void 0 || block === null) return void 0;
  if (!isRecord(block)) throw new InvalidFilter(`${what} must be a mapping`);
  for (const combine2 of ["any", "all"]) {
    const list2 = block[combine2];
    if (list2 === void 0 || list2 === null || Array.isArray(list2) && list2.length === 0) continue;
    if (!Array.isArray(list2) || !list2.every(isRecord)) throw new InvalidFilter(`${what}.${combine2} must be a list of filters`);
    return { combine: combine2, filters: list2 };
  }
  return { combine: "any", filters: [block] };
}
function kindsOf(block) {
  return (block?.filters ?? []).flatMap((f) => isRecord(f["resources"]) ? strings(f["resources"]["kinds"], "resources.kinds") : []);
}
function selects(match, exclude, c) {
  if (!match) return false;
  const holds4 = (f) => !isEmptyFilter(f) && filterHolds(f, c, false);
  if (!(match.combine === "any" ? match.filters.some(holds4) : match.filters.every(holds4))) return false;
  if (!exclude) return true;
  const excludes = (f) => !isEmptyFilter(f) && filterHolds(f, c, true);
  return !(exclude.combine === "any" ? exclude.filters.some(excludes) : exclude.filters.every(excludes));
}

// src/expand/kyverno/variables.ts
var Unresolved = class extends Error {
  constructor(variable) {
    super(`the variable {{${variable}}} does not resolve`);
    this.variable = variable;
  }
  variable;
};
var InvalidVariable = class extends Error {
};
var BUILTIN = /* @__PURE__ */ new Set(["request", "element", "elementIndex", "@"]);
var USER_INFO = /* @__PURE__ */ new Set(["serviceAccountName", "serviceAccountNamespace", "images"]);
var VARIABLE = /(^|[^\\])(\{\{(-?)((?:\{[^{}]*\}|[^{}])*)\}\})/;
function evaluateVariable(expr, scope) {
  let node;
  try {
    node = compile2(expr);
  } catch (e) {
    if (e instanceof JmesPathError) throw new InvalidVariable(`{{${expr}}}: ${e.message}`);
    throw e;
  }
  const root = rootOf(node);
  if (root !== void 0 && !BUILTIN.has(root) && !scope.names.has(root) && !/^element(Index)?\d*$/.test(root)) {
    if (USER_INFO.has(root)) throw new Unsupported(`{{${expr}}} depends on who makes the request, which the manifests do not say`);
    throw new InvalidVariable(`the variable {{${expr}}} is not defined in the context (${root})`);
  }
  if (/\brequest\.(userInfo|roles|clusterRoles)\b/.test(expr)) throw new Unsupported(`{{${expr}}} depends on who makes the request, which the manifests do not say`);
  try {
    return search(expr, scope.data);
  } catch (e) {
    if (e instanceof JmesPathError) throw new InvalidVariable(`{{${expr}}}: ${e.message}`);
    throw e;
  }
}
function written(v) {
  return typeof v === "string" ? v : JSON.stringify(v);
}
function substituteString(text, scope) {
  if (!text.includes("{{")) return text;
  let s = text;
  for (let round = 0; round < 100; round++) {
    const m = VARIABLE.exec(s);
    if (!m) break;
    const [, before, whole, shallow, inner] = m;
    const expr = inner.trim();
    const value = evaluateVariable(expr, scope);
    if (value === null) throw new Unresolved(expr);
    const start = m.index + before.length;
    if (start === 0 && whole.length === s.length) {
      if (typeof value !== "string") return value;
      if (shallow || !value.includes("{{")) return value.replace(/\\\{\{/g, "{{");
      s = value;
      continue;
    }
    let text_ = written(value);
    if (shallow) text_ = text_.replace(/\{\{/g, "\\{{");
    s = s.slice(0, start) + text_ + s.slice(start + whole.length);
  }
  return s.replace(/\\\{\{/g, "{{");
}
function substitute(value, scope, copied) {
  if (typeof value === "string") return substituteString(value, scope);
  if (Array.isArray(value)) {
    const out = value.map((v) => substitute(v, scope, copied));
    copied?.(out, value);
    return out;
  }
  if (typeof value === "object" && value !== null) {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const key2 = k.includes("{{") ? substituteString(k, scope) : k;
      out[typeof key2 === "string" ? key2 : JSON.stringify(key2)] = substitute(v, scope, copied);
    }
    copied?.(out, value);
    return out;
  }
  if (value === void 0) return null;
  return value;
}

// src/expand/kyverno/conditions.ts
var InvalidCondition = class extends Error {
};
var OPERATORS2 = [
  "Equals",
  "NotEquals",
  "AnyIn",
  "AllIn",
  "AnyNotIn",
  "AllNotIn",
  "In",
  "NotIn",
  "GreaterThan",
  "GreaterThanOrEquals",
  "LessThan",
  "LessThanOrEquals",
  "DurationGreaterThan",
  "DurationGreaterThanOrEquals",
  "DurationLessThan",
  "DurationLessThanOrEquals"
];
function numberOf(v) {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return void 0;
}
function equal(key2, value) {
  if (typeof key2 === "string" && typeof value === "string") return wildcardMatch(value, key2);
  const k = numberOf(key2);
  const v = numberOf(value);
  if (k !== void 0 && v !== void 0 && (typeof key2 === "number" || typeof value === "number")) return k === v;
  if (typeof key2 === "boolean" && typeof value === "string") return String(key2) === value;
  if (typeof value === "boolean" && typeof key2 === "string") return String(value) === key2;
  return deepEqual(key2, value);
}
function listOf2(v) {
  if (Array.isArray(v)) return v;
  if (typeof v === "string" && v.trim().startsWith("[")) {
    try {
      const parsed2 = JSON.parse(v);
      if (Array.isArray(parsed2)) return parsed2;
    } catch {
    }
  }
  return [v];
}
function isIn(k, values) {
  return values.some((v) => equal(k, v));
}
function compare(op, key2, value) {
  const k = numberOf(key2);
  const v = numberOf(value);
  if (k === void 0 || v === void 0) throw new Unsupported(`${op} on ${JSON.stringify(key2)} and ${JSON.stringify(value)} (quantities, durations and versions) is not evaluated by reachdiff`);
  return op === "GreaterThan" ? k > v : op === "GreaterThanOrEquals" ? k >= v : op === "LessThan" ? k < v : k <= v;
}
function holds3(op, key2, value) {
  switch (op) {
    case "Equals":
      return equal(key2, value);
    case "NotEquals":
      return !equal(key2, value);
    case "AnyIn":
      return listOf2(key2).some((k) => isIn(k, listOf2(value)));
    case "AllIn":
      return listOf2(key2).every((k) => isIn(k, listOf2(value)));
    case "AnyNotIn":
      return listOf2(key2).some((k) => !isIn(k, listOf2(value)));
    case "AllNotIn":
      return listOf2(key2).every((k) => !isIn(k, listOf2(value)));
    case "In":
      return listOf2(key2).every((k) => isIn(k, listOf2(value)));
    case "NotIn":
      return !listOf2(key2).every((k) => isIn(k, listOf2(value)));
    case "GreaterThan":
    case "GreaterThanOrEquals":
    case "LessThan":
    case "LessThanOrEquals":
      return compare(op, key2, value);
    default:
      throw new Unsupported(`the ${op} operator is not evaluated by reachdiff`);
  }
}
function condition(raw, scope) {
  if (!isRecord(raw)) throw new InvalidCondition("a condition must be a mapping with key, operator and value");
  const op = raw["operator"];
  if (typeof op !== "string" || !OPERATORS2.includes(op)) throw new InvalidCondition(`unknown operator ${JSON.stringify(op)} (Kyverno's are ${OPERATORS2.join(", ")})`);
  if (!("key" in raw)) throw new InvalidCondition(`a ${op} condition has no key`);
  try {
    return holds3(op, substitute(raw["key"], scope), substitute(raw["value"], scope));
  } catch (e) {
    if (e instanceof Unresolved) return false;
    throw e;
  }
}
function preconditionsHold(raw, scope) {
  if (raw === void 0 || raw === null) return true;
  if (Array.isArray(raw)) return raw.every((c) => condition(c, scope));
  if (!isRecord(raw)) throw new InvalidCondition("preconditions must be a list or a mapping of any and all");
  const any = raw["any"];
  const all = raw["all"];
  for (const [name, block] of [["any", any], ["all", all]]) {
    if (block !== void 0 && block !== null && !Array.isArray(block)) throw new InvalidCondition(`preconditions.${name} must be a list`);
  }
  const anyList = any ?? [];
  const allList = all ?? [];
  if (anyList.length > 0 && !anyList.some((c) => condition(c, scope))) return false;
  return allList.every((c) => condition(c, scope));
}

// src/expand/kyverno/generate.ts
var InvalidRule = class extends Error {
  constructor(message, line) {
    super(message);
    this.line = line;
  }
  line;
};
var CLUSTER_SCOPED = /* @__PURE__ */ new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "StorageClass",
  "PriorityClass",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "CSINode",
  "APIService",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "ClusterNetworkPolicy",
  "ClusterPolicy",
  "CiliumClusterwideNetworkPolicy",
  "GlobalNetworkPolicy",
  "Tier",
  "CertificateSigningRequest"
]);
function labelsOf3(raw) {
  const out = {};
  if (isRecord(raw)) {
    for (const [k, v] of Object.entries(raw)) if (typeof v === "string") out[k] = v;
  }
  return out;
}
function str3(v) {
  return typeof v === "string" && v !== "" ? v : void 0;
}
function triggersOf(objects, namespaces, defaultNamespace) {
  const out = [];
  const nsLabels = (ns) => namespaces.get(ns)?.labels ?? { [NAMESPACE_NAME_LABEL]: ns };
  for (const o of objects) {
    const name = str3(field(o.body, "metadata", "name"));
    if (!name || o.apiVersion === void 0) continue;
    const { group, version } = splitApiVersion(o.apiVersion);
    const isNamespace = o.kind === "Namespace" && group === "";
    const namespace = isNamespace || CLUSTER_SCOPED.has(o.kind) ? "" : str3(field(o.body, "metadata", "namespace")) ?? defaultNamespace;
    const labels = isNamespace ? { ...labelsOf3(field(o.body, "metadata", "labels")), [NAMESPACE_NAME_LABEL]: name } : labelsOf3(field(o.body, "metadata", "labels"));
    const metadata2 = { ...field(o.body, "metadata"), ...namespace ? { namespace } : {}, ...isNamespace ? { labels } : {} };
    out.push({
      candidate: { group, version, kind: o.kind, name, namespace, labels, annotations: labelsOf3(field(o.body, "metadata", "annotations")), namespaceLabels: namespace ? nsLabels(namespace) : {} },
      body: { ...o.body, metadata: metadata2 },
      text: isNamespace ? `namespace ${name}` : `${o.kind} ${namespace ? `${namespace}/` : ""}${name}`
    });
  }
  for (const ns of namespaces.values()) {
    if (ns.declared) continue;
    out.push({
      candidate: { group: "", version: "v1", kind: "Namespace", name: ns.name, namespace: "", labels: ns.labels, annotations: {}, namespaceLabels: {} },
      body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns.name, labels: { ...ns.labels } } },
      text: `namespace ${ns.name}`
    });
  }
  return out;
}
var Expander = class {
  constructor(all, triggers, defaultNamespace) {
    this.all = all;
    this.triggers = triggers;
    this.defaultNamespace = defaultNamespace;
  }
  all;
  triggers;
  defaultNamespace;
  objects = [];
  synchronized = /* @__PURE__ */ new Set();
  diagnostics = [];
  notAnalysed = [];
  warnings = [];
  expandPolicy(obj2) {
    const name = str3(field(obj2.body, "metadata", "name")) ?? "(unnamed)";
    const namespace = obj2.kind === "Policy" ? str3(field(obj2.body, "metadata", "namespace")) ?? this.defaultNamespace : void 0;
    const p = {
      obj: obj2,
      kind: obj2.kind,
      id: namespace !== void 0 ? `${namespace}/${name}` : name,
      ...namespace !== void 0 ? { namespace } : {},
      generateExisting: field(obj2.body, "spec", "generateExisting") === true || field(obj2.body, "spec", "generateExistingOnPolicyUpdate") === true
    };
    const rules = field(obj2.body, "spec", "rules");
    if (!Array.isArray(rules)) return;
    rules.forEach((rule, index) => {
      if (isRecord(rule) && isRecord(rule["generate"])) this.expandRule(p, rule, index);
    });
  }
  expandRule(p, rule, index) {
    const obj2 = p.obj;
    const ruleLine = obj2.lineOf(rule);
    const ruleName2 = str3(rule["name"]);
    const label2 = `${p.kind} ${p.id}, rule ${ruleName2 ?? index}`;
    const at = { file: obj2.file, line: ruleLine };
    const start = this.objects.length;
    const drop = () => {
      for (const o of this.objects.splice(start)) this.synchronized.delete(o);
    };
    const gen = rule["generate"];
    try {
      if (!ruleName2) throw new InvalidRule("the rule has no name");
      const match = filtersOf(rule["match"], "match");
      const exclude = filtersOf(rule["exclude"], "exclude");
      if (!match) throw new InvalidRule("the rule has no match");
      for (const f of match.filters) {
        if (isRecord(f["resources"]) && kindsOf({ combine: "any", filters: [f] }).length === 0) throw new InvalidRule("match.resources.kinds is required", obj2.lineOf(f["resources"]));
      }
      if (kindsOf(match).some((k) => k.includes("*"))) throw new InvalidRule("a generate rule cannot match kinds by wildcard");
      const entries2 = Array.isArray(gen["foreach"]) ? gen["foreach"] : [gen];
      for (const e of entries2) this.checkEntry(obj2, e, Array.isArray(gen["foreach"]));
      const names = /* @__PURE__ */ new Set();
      for (const c of this.contextOf(rule["context"], obj2)) names.add(c.name);
      for (const e of entries2) if (isRecord(e)) for (const c of this.contextOf(e["context"], obj2)) names.add(c.name);
      if ([...match.filters ?? [], ...exclude?.filters ?? []].some(namesUser)) {
        this.diagnostics.push(
          diagnostic("warning", ExpansionCodes.userInfo, at, `${label2}: match or exclude names subjects, roles or clusterRoles, which depend on who applies the manifests; analysed as kyverno apply does (a match by them holds, an exclude by them spares nothing)`)
        );
      }
      const selected2 = this.triggers.filter((t) => (p.namespace === void 0 || t.candidate.namespace === p.namespace) && selects(match, exclude, t.candidate));
      if (selected2.length === 0) {
        this.warnings.push({
          ...diagnostic("warning", WarningCodes.generateMatchesNothing, at, `${label2}: its match selects no object of the manifests, so it generates nothing here`),
          object: p.id
        });
        return;
      }
      if (!p.generateExisting && gen["generateExisting"] !== true) {
        this.diagnostics.push(
          diagnostic(
            "warning",
            ExpansionCodes.notExisting,
            at,
            `${label2}: generateExisting is not true, so objects that existed before the policy was installed do not get what it generates; analysed as if they did`
          )
        );
      }
      const failures = [];
      let firstFailure;
      for (const t of selected2) {
        try {
          this.generateFor(p, rule, ruleName2, ruleLine, t, names);
        } catch (e) {
          if (!(e instanceof Unresolved)) throw e;
          firstFailure ??= e;
          failures.push(t.text);
        }
      }
      if (firstFailure) {
        const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : "";
        this.diagnostics.push(diagnostic("error", ExpansionCodes.invalidRule, at, `${label2}: ${firstFailure.message} for ${failures[0]}${more}; Kyverno fails the rule there and generates nothing`));
      }
    } catch (e) {
      drop();
      if (e instanceof Unsupported) {
        this.diagnostics.push(diagnostic("warning", ExpansionCodes.notExpanded, at, `${label2} is not expanded: ${e.message}; what it generates is not analysed`));
        this.notAnalysed.push({ kind: p.kind, name: p.id, source: at, reason: `rule ${ruleName2 ?? index} is not expanded: ${e.message}` });
        return;
      }
      if (e instanceof InvalidRule || e instanceof InvalidVariable || e instanceof InvalidCondition || e instanceof InvalidFilter || e instanceof JmesPathError) {
        const line = e instanceof InvalidRule && e.line !== void 0 ? e.line : ruleLine;
        this.diagnostics.push(diagnostic("error", ExpansionCodes.invalidRule, { file: obj2.file, line }, `${label2}: ${e.message}; Kyverno rejects the policy, the rule is skipped`));
        return;
      }
      throw e;
    }
  }
  /** Checks a generate block (or a foreach entry) as Kyverno does when the policy is created. */
  checkEntry(obj2, e, inForeach) {
    if (!isRecord(e)) throw new InvalidRule("a foreach entry must be a mapping");
    const line = obj2.lineOf(e);
    if (inForeach && typeof e["list"] !== "string") throw new InvalidRule("a foreach entry needs a list", line);
    const sources = ["data", "clone", "cloneList"].filter((k) => e[k] !== void 0 && e[k] !== null && !(isRecord(e[k]) && Object.keys(e[k]).length === 0));
    if (sources.length === 0) throw new InvalidRule("generate needs data, clone or cloneList", line);
    if (sources.length > 1) throw new InvalidRule(`generate may have only one of data, clone and cloneList (it has ${sources.join(" and ")})`, line);
    if (sources[0] === "cloneList") {
      if (!Array.isArray(field(e, "cloneList", "kinds"))) throw new InvalidRule("generate.cloneList.kinds is required", line);
      return;
    }
    if (!str3(e["kind"])) throw new InvalidRule("generate.kind is required", line);
    if (!str3(e["name"])) throw new InvalidRule("generate.name is required", line);
    if (!str3(e["apiVersion"])) throw new InvalidRule("generate.apiVersion is required", line);
    if (sources[0] === "data" && !isRecord(e["data"])) throw new InvalidRule("generate.data must be a mapping", line);
  }
  /** The variables a context declares; entries other than `variable` (apiCall, configMap, ...) are not evaluated. */
  contextOf(raw, obj2) {
    if (raw === void 0 || raw === null) return [];
    if (!Array.isArray(raw)) throw new InvalidRule("context must be a list");
    return raw.map((c) => {
      if (!isRecord(c) || !str3(c["name"])) throw new InvalidRule("a context entry needs a name", isRecord(c) ? obj2.lineOf(c) : void 0);
      const kind = ["variable", "configMap", "apiCall", "imageRegistry", "globalReference"].find((k) => c[k] !== void 0);
      if (kind !== "variable") throw new Unsupported(`its context entry ${String(c["name"])} reads ${kind ?? "an unknown source"}, which reachdiff does not evaluate`);
      if (!isRecord(c["variable"])) throw new InvalidRule(`context entry ${String(c["name"])}: variable must be a mapping`, obj2.lineOf(c));
      return { name: c["name"], variable: c["variable"] };
    });
  }
  bind(raw, obj2, scope) {
    let s = scope;
    for (const { name, variable } of this.contextOf(raw, obj2)) {
      let value = null;
      const local = s;
      if (variable["value"] !== void 0) value = substitute(variable["value"], local);
      const jp = variable["jmesPath"];
      if (typeof jp === "string") {
        const expr = substituteString(jp, local);
        if (typeof expr !== "string") throw new InvalidRule(`context entry ${name}: jmesPath must be a string`);
        value = evaluateVariable(expr, variable["value"] !== void 0 ? { data: value, names: new Set(Object.keys(isRecord(value) ? value : {})) } : local);
      }
      if (value === null && variable["default"] !== void 0) value = substitute(variable["default"], local);
      s = { data: { ...s.data, [name]: value }, names: s.names };
    }
    return s;
  }
  generateFor(p, rule, ruleName2, ruleLine, t, names) {
    const c = t.candidate;
    const request = {
      operation: "CREATE",
      object: t.body,
      oldObject: null,
      name: c.name,
      namespace: c.kind === "Namespace" && c.group === "" ? c.name : c.namespace,
      kind: { group: c.group, version: c.version, kind: c.kind }
    };
    const scope = this.bind(rule["context"], p.obj, { data: { request }, names });
    if (!preconditionsHold(rule["preconditions"], scope)) return;
    const gen = rule["generate"];
    const generatedBy = (suffix) => ({ kind: p.kind, policy: p.id, rule: ruleName2, file: p.obj.file, line: ruleLine, trigger: `${t.text}${suffix}` });
    const sync = gen["synchronize"] === true;
    if (!Array.isArray(gen["foreach"])) {
      this.produce(p, gen, scope, generatedBy(""), sync);
      return;
    }
    for (const entry of gen["foreach"]) {
      const listExpr = substituteString(entry["list"], scope);
      if (typeof listExpr !== "string") throw new InvalidRule("foreach list must be a JMESPath expression");
      const list2 = evaluateVariable(listExpr, scope);
      if (list2 === null) throw new Unresolved(listExpr);
      if (!Array.isArray(list2)) throw new InvalidRule(`foreach list ${listExpr} is not a list`);
      list2.forEach((element, i) => {
        const inner = this.bind(entry["context"], p.obj, { data: { ...scope.data, element, elementIndex: i }, names });
        if (!preconditionsHold(entry["preconditions"], inner)) return;
        this.produce(p, entry, inner, generatedBy(`, foreach element ${i}`), sync);
      });
    }
  }
  /** The objects of one generate block (or foreach entry) for one trigger. */
  produce(p, g, scope, generatedBy, sync) {
    const obj2 = p.obj;
    const line = obj2.lineOf(g);
    const text = (key2) => {
      const v = g[key2];
      if (v === void 0 || v === null || v === "") return void 0;
      const s = substitute(v, scope);
      if (typeof s !== "string") throw new InvalidRule(`generate.${key2} must be a string`, line);
      return s === "" ? void 0 : s;
    };
    let namespace = text("namespace");
    if (p.namespace !== void 0) {
      if (namespace !== void 0 && namespace !== p.namespace) throw new InvalidRule(`a namespaced Policy generates only in its own namespace ${p.namespace}, not in ${namespace}`, line);
      namespace = p.namespace;
    }
    const emit = (apiVersion, kind, name, body, lineOf) => {
      const ns = CLUSTER_SCOPED.has(kind) ? void 0 : namespace;
      if (!CLUSTER_SCOPED.has(kind) && ns === void 0) throw new InvalidRule(`generate.namespace is required for a ${kind}`, line);
      const metadata2 = { ...isRecord(body["metadata"]) ? body["metadata"] : {}, name, ...ns !== void 0 ? { namespace: ns } : {} };
      const out = { kind, apiVersion, body: { ...body, apiVersion, kind, metadata: metadata2 }, file: obj2.file, line, lineOf, generatedBy };
      this.objects.push(out);
      if (sync) this.synchronized.add(out);
    };
    if (g["data"] !== void 0 && g["data"] !== null) {
      const origin = /* @__PURE__ */ new WeakMap();
      const data = substitute(g["data"], scope, (copy, original) => origin.set(copy, original));
      const lineOf = (node) => {
        const o = typeof node === "object" && node !== null ? origin.get(node) : void 0;
        return o ? obj2.lineOf(o) : line;
      };
      emit(text("apiVersion"), text("kind"), text("name"), data, lineOf);
      return;
    }
    const atLine = () => line;
    if (isRecord(g["clone"])) {
      const apiVersion = text("apiVersion");
      const kind = text("kind");
      const from = substitute(g["clone"], scope);
      const srcNs2 = typeof from["namespace"] === "string" ? from["namespace"] : "";
      const srcName = typeof from["name"] === "string" ? from["name"] : "";
      const { group } = splitApiVersion(apiVersion);
      const source = this.all.find(
        (o) => o.kind === kind && o.apiVersion !== void 0 && splitApiVersion(o.apiVersion).group === group && field(o.body, "metadata", "name") === srcName && (CLUSTER_SCOPED.has(kind) || (str3(field(o.body, "metadata", "namespace")) ?? this.defaultNamespace) === srcNs2)
      );
      if (!source) throw new Unsupported(`its clone source ${kind} ${srcNs2 ? `${srcNs2}/` : ""}${srcName} is not in the manifests, and what the cluster holds there is not known`);
      emit(apiVersion, kind, text("name"), cloned(source), atLine);
      return;
    }
    const list2 = substitute(g["cloneList"], scope);
    const srcNs = typeof list2["namespace"] === "string" ? list2["namespace"] : "";
    const kinds = Array.isArray(list2["kinds"]) ? list2["kinds"].filter((k) => typeof k === "string") : [];
    const sources = this.all.filter((o) => {
      if (o.apiVersion === void 0 || o.generatedBy) return false;
      const { group, version } = splitApiVersion(o.apiVersion);
      if (!kinds.some((k) => kindMatches(k, { group, version, kind: o.kind }))) return false;
      if ((str3(field(o.body, "metadata", "namespace")) ?? this.defaultNamespace) !== srcNs) return false;
      return list2["selector"] === void 0 || list2["selector"] === null || selectorMatches(list2["selector"], labelsOf3(field(o.body, "metadata", "labels")), "cloneList.selector");
    });
    if (sources.length === 0) throw new Unsupported(`its cloneList selects no object of the manifests in namespace ${srcNs}, and what the cluster holds there is not known`);
    for (const s of sources) emit(s.apiVersion, s.kind, String(field(s.body, "metadata", "name")), cloned(s), atLine);
  }
};
function cloned(source) {
  const body = structuredClone(source.body);
  const metadata2 = isRecord(body["metadata"]) ? body["metadata"] : {};
  return { ...body, metadata: { ...metadata2["labels"] ? { labels: metadata2["labels"] } : {}, ...metadata2["annotations"] ? { annotations: metadata2["annotations"] } : {} } };
}
function expandKyverno(generators, objects, namespaces, defaultNamespace) {
  const expander = new Expander(objects, triggersOf(objects, namespaces, defaultNamespace), defaultNamespace);
  for (const g of generators) expander.expandPolicy(g);
  return { objects: expander.objects, synchronized: expander.synchronized, diagnostics: expander.diagnostics, notAnalysed: expander.notAnalysed, warnings: expander.warnings };
}

// src/expand/expand.ts
var policyKey2 = (p) => `${p.kind}\0${policyId(p)}`;
function objectKey(o) {
  return `${splitApiVersion(o.apiVersion ?? "").group}\0${o.kind}\0${String(field(o.body, "metadata", "namespace") ?? "")}\0${String(field(o.body, "metadata", "name"))}`;
}
function dedupe2(objects, diagnostics2) {
  const byKey = /* @__PURE__ */ new Map();
  for (const o of objects) {
    const key2 = objectKey(o);
    const previous = byKey.get(key2);
    if (previous && !deepEqual(previous.body, o.body)) {
      const g = o.generatedBy;
      diagnostics2.push(
        diagnostic(
          "warning",
          ExpansionCodes.generatedTwice,
          { file: g.file, line: g.line },
          `${o.kind} ${String(field(o.body, "metadata", "namespace") ?? "")}/${String(field(o.body, "metadata", "name"))} is ${generatedByText(g)} and also, with other content, ${generatedByText(previous.generatedBy)}; which Kyverno keeps depends on the order it handles them: the first is analysed`
        )
      );
      continue;
    }
    if (!previous) byKey.set(key2, o);
  }
  return [...byKey.values()];
}
function expand(contributions, options = {}) {
  const cluster = combine(contributions);
  if (cluster.generators === 0) return cluster;
  const objects = contributions.flatMap((c) => c.objects ?? []);
  const generators = objects.filter((o) => isPolicyGenerator(o, o.apiVersion));
  const result = expandKyverno(generators, objects, cluster.namespaces, options.defaultNamespace ?? "default");
  const diagnostics2 = [...result.diagnostics];
  const generated2 = readGenerated(dedupe2(result.objects, diagnostics2), options);
  const synchronized = new Set([...result.synchronized].map((o) => o.generatedBy));
  const written2 = new Map(cluster.policies.map((p) => [policyKey2(p.policy), p.policy]));
  const warnings = [...result.warnings];
  const items = generated2.items.filter((item) => {
    if (item.kind !== "policy") return true;
    const p = item.policy.policy;
    const other = written2.get(policyKey2(p));
    if (!other) return true;
    const g = p.source.generatedBy;
    const sync = synchronized.has(g);
    warnings.push({
      ...diagnostic(
        "warning",
        WarningCodes.generatedCollides,
        { file: g.file, line: g.line },
        `${p.kind} ${policyId(p)} is written at ${other.source.file}:${other.source.line} and also ${generatedByText(g)}; ${sync ? "with synchronize: true Kyverno replaces the written one with what it generates (until the next apply of the manifests), and that is analysed" : "Kyverno does not replace an existing object without synchronize: true, so the written one is analysed (unless the generated one is created first)"}`
      ),
      object: g.policy
    });
    return sync;
  });
  items.push(...result.notAnalysed.map((what) => ({ kind: "notAnalysed", what })));
  const contribution = { ...generated2, items, diagnostics: [...generated2.diagnostics, ...diagnostics2] };
  return { ...combine([...contributions, contribution]), expansion: { warnings } };
}

// src/change/explain.ts
function where(source) {
  return `${source.file}:${source.line}`;
}
function generated(source) {
  return source.generatedBy ? ` (${generatedByText(source.generatedBy)})` : "";
}
function ruleLabel(origin) {
  const rule = `${origin.direction} rule ${origin.index}${origin.name ? ` "${origin.name}"` : ""}`;
  const label2 = origin.policyKind === "NetworkPolicy" ? `${origin.policy} ${rule}` : `${origin.policyKind} ${origin.policy} ${rule}`;
  return `${label2}${generated(origin.model.policy.policy.source)}`;
}
function policyLabel(p) {
  return `${p.policy.kind === "NetworkPolicy" ? `policy ${policyId(p.policy)}` : `${p.policy.kind} ${policyId(p.policy)}`}${generated(p.policy.source)}`;
}
function decisionJson(d) {
  if (!d.rule) return { default: true, action: d.action, ports: d.ports.toString() };
  const o = d.rule.origin;
  return {
    policy: o.policy,
    policyKind: o.policyKind,
    direction: o.direction,
    rule: o.index,
    ...o.name ? { ruleName: o.name } : {},
    ...o.note ? { note: o.note } : {},
    ...o.priority !== void 0 ? { priority: o.priority } : {},
    action: d.action,
    ports: d.ports.toString(),
    file: o.source.file,
    line: o.source.line,
    ...o.model.policy.policy.source.generatedBy ? { generatedBy: generatedByText(o.model.policy.policy.source.generatedBy) } : {}
  };
}
function endJson(e) {
  return {
    endpoint: e.endpoint,
    governed: e.governed,
    isolated: e.isolated,
    policies: e.policies,
    decisions: e.decisions.map(decisionJson),
    allowed: e.allowed.toString()
  };
}
function pairJson(p) {
  return p ? { allowed: p.allowed.toString(), egress: endJson(p.egress), ingress: endJson(p.ingress) } : null;
}
function explanationJson(x) {
  return {
    base: pairJson(x.base),
    head: pairJson(x.head),
    causes: x.causes.map((c) => ({ message: c.message, ...c.file ? { file: c.file, line: c.line } : {} }))
  };
}
var StateIndex = class _StateIndex {
  constructor(cluster) {
    this.cluster = cluster;
    for (const p of cluster.policies) this.policies.set(`${p.policy.kind}/${policyId(p.policy)}`, p);
    for (const w of cluster.workloads) {
      this.labels.set(w.id, w.pods[0]?.labels ?? {});
      this.namespaceOf.set(w.id, w.namespace);
      this.sources.set(w.id, w.source);
    }
  }
  cluster;
  static cache = /* @__PURE__ */ new WeakMap();
  policies = /* @__PURE__ */ new Map();
  labels = /* @__PURE__ */ new Map();
  namespaceOf = /* @__PURE__ */ new Map();
  sources = /* @__PURE__ */ new Map();
  static of(m) {
    let x = _StateIndex.cache.get(m.cluster);
    if (!x) {
      x = new _StateIndex(m.cluster);
      _StateIndex.cache.set(m.cluster, x);
    }
    return x;
  }
  policy(kind, id) {
    return this.policies.get(`${kind}/${id}`);
  }
};
function fingerprint(value) {
  return JSON.stringify(value, (k, v) => k === "line" || k === "index" ? void 0 : v);
}
function selectionFingerprint(p) {
  return fingerprint(p.kind.selection(p.policy));
}
function labelsDiff(before, after) {
  if (!before || !after) return void 0;
  const parts = [];
  for (const k of Object.keys(before).sort()) {
    if (!(k in after)) parts.push(`-${k}=${before[k]}`);
    else if (after[k] !== before[k]) parts.push(`${k}=${before[k]} \u2192 ${k}=${after[k]}`);
  }
  for (const k of Object.keys(after).sort()) if (!(k in before)) parts.push(`+${k}=${after[k]}`);
  return parts.length > 0 ? parts.join(", ") : void 0;
}
function labelChanges(base, head, endpoint) {
  const out = [];
  const own = labelsDiff(base.labels.get(endpoint), head.labels.get(endpoint));
  if (own) out.push(`labels of ${endpoint} changed (${own})`);
  const ns = base.namespaceOf.get(endpoint);
  if (ns) {
    const nsDiff = labelsDiff(base.cluster.namespaces.get(ns)?.labels, head.cluster.namespaces.get(ns)?.labels);
    if (nsDiff) out.push(`labels of namespace ${ns} changed (${nsDiff})`);
  }
  return out;
}
function withLabels(message, labels) {
  return labels.length > 0 ? `${message}: ${labels.join("; ")}` : message;
}
function ruleCauses(ctx, decisions2, ports2, action, from, to, fromIsBase) {
  const causes = [];
  for (const d of decisions2) {
    if (!d.rule || d.ports.intersect(ports2).isEmpty()) continue;
    if (action === "allow" ? d.action !== "allow" : d.action === "allow") continue;
    const rule = d.rule;
    const origin = rule.origin;
    const policy = origin.model.policy;
    const other = to.policy(origin.policyKind, origin.policy);
    if (!other) {
      causes.push(
        fromIsBase ? { message: `${policyLabel(policy)} was deleted (it was at ${where(policy.policy.source)})` } : { message: `${policyLabel(policy)} was added`, file: policy.policy.source.file, line: policy.policy.source.line }
      );
      continue;
    }
    const otherRules = other.kind.rules(other.policy, origin.direction);
    const fp = fingerprint(origin.model.rule);
    const sameRule = otherRules.find((r) => fingerprint(r) === fp);
    const otherRule = sameRule ?? otherRules[origin.index];
    const headPolicy = fromIsBase ? other : policy;
    const headLine = fromIsBase ? otherRule?.line ?? other.policy.source.line : origin.source.line;
    const at = { file: headPolicy.policy.source.file, line: headLine };
    if (selectionFingerprint(other) !== selectionFingerprint(policy)) {
      causes.push({ message: `the subject selector of ${policyLabel(policy)} was edited`, ...at });
      continue;
    }
    if (!sameRule) {
      const ownRules = policy.kind.rules(policy.policy, origin.direction);
      const shifted = otherRule !== void 0 && ownRules.some((r) => fingerprint(r) === fingerprint(otherRule));
      const word = otherRule && !shifted ? "edited" : fromIsBase ? "removed" : "added";
      causes.push({ message: `${ruleLabel(origin)} was ${word}`, ...at });
      continue;
    }
    if (sameRule.index !== origin.index && policy.kind.ordered) {
      const [from_, to_] = fromIsBase ? [origin.index, sameRule.index] : [sameRule.index, origin.index];
      causes.push({ message: `${ruleLabel(origin)} moved from position ${from_} to ${to_}`, ...at });
      continue;
    }
    if (d.action === "pass") continue;
    const labels = [...labelChanges(ctx.base, ctx.head, ctx.end), ...labelChanges(ctx.base, ctx.head, ctx.peer)];
    const pair = ctx.direction === "ingress" ? `${ctx.peer} \u2192 ${ctx.end}` : `${ctx.end} \u2192 ${ctx.peer}`;
    causes.push({ message: withLabels(`${ruleLabel(origin)} ${fromIsBase ? "no longer applies to" : "now applies to"} ${pair}`, labels), ...at });
  }
  return causes;
}
function isolationCauses(ctx, before, after, appeared) {
  const causes = [];
  const [was, now] = appeared ? [before, after] : [after, before];
  const state = appeared ? ctx.head : ctx.base;
  const other = appeared ? ctx.base : ctx.head;
  for (const h of now.holders) {
    if (!h.isolates || was.holders.some((x) => x.kind === h.kind && x.id === h.id && x.isolates)) continue;
    const p = state.policy(h.kind, h.id);
    if (!p) continue;
    const existed = other.policy(h.kind, h.id);
    const labels = labelChanges(ctx.base, ctx.head, ctx.end);
    if (!existed) {
      causes.push(
        appeared ? { message: `${policyLabel(p)} was added and isolates ${ctx.end} for ${ctx.direction}`, file: p.policy.source.file, line: p.policy.source.line } : { message: `${policyLabel(p)} was deleted, so ${ctx.end} is no longer isolated for ${ctx.direction} (it was at ${where(p.policy.source)})` }
      );
    } else {
      causes.push({
        message: withLabels(appeared ? `${policyLabel(p)} now selects ${ctx.end} for ${ctx.direction}` : `${policyLabel(p)} no longer selects ${ctx.end} for ${ctx.direction}`, labels),
        file: (appeared ? p : existed).policy.source.file,
        line: (appeared ? p : existed).policy.source.line
      });
    }
  }
  return causes;
}
function endCauses(ctx, b, h, change) {
  if (!b.governed) return [];
  const lost = b.allowed.subtract(h.allowed).intersect(change.closed);
  const gained = h.allowed.subtract(b.allowed).intersect(change.opened);
  const causes = [];
  const label2 = `${ctx.direction} of ${ctx.end}`;
  if (!lost.isEmpty()) {
    const found = [];
    if (!b.isolated && h.isolated) found.push(...isolationCauses(ctx, b, h, true));
    found.push(...ruleCauses(ctx, b.decisions, lost, "allow", ctx.base, ctx.head, true));
    found.push(...ruleCauses(ctx, h.decisions, lost, "deny", ctx.head, ctx.base, false));
    causes.push(...found.length > 0 ? found : [{ message: `the policies of ${label2} no longer allow ${lost.toString()}` }]);
  }
  if (!gained.isEmpty()) {
    const found = [];
    if (b.isolated && !h.isolated) found.push(...isolationCauses(ctx, b, h, false));
    found.push(...ruleCauses(ctx, h.decisions, gained, "allow", ctx.head, ctx.base, false));
    found.push(...ruleCauses(ctx, b.decisions, gained, "deny", ctx.base, ctx.head, true));
    causes.push(...found.length > 0 ? found : [{ message: `the policies of ${label2} now allow ${gained.toString()}` }]);
  }
  return causes;
}
function dependencyCauses(diff, pairs2) {
  const change = clusterChange(diff.base.cluster, diff.head.cluster);
  const causes = [];
  const held = /* @__PURE__ */ new Set();
  for (const p of pairs2) for (const end of [p.egress, p.ingress]) for (const h of end.holders) held.add(`${h.kind}\0${h.id}`);
  for (const [, p, key2] of dependents(change, diff.base.cluster, diff.head.cluster)) {
    if (!held.has(`${p.policy.kind}\0${policyId(p.policy)}`)) continue;
    const { base: b, head: h } = change.policies.get(key2);
    const object = (h ?? b).policy;
    const what = `${object.kind} ${policyId(object)}, which ${policyLabel(p)} is in,`;
    if (!b) causes.push({ message: `${what} was added`, file: object.source.file, line: object.source.line });
    else if (!h) causes.push({ message: `${what} was deleted (it was at ${where(object.source)})` });
    else causes.push({ message: `${what} was edited`, file: object.source.file, line: object.source.line });
  }
  return causes;
}
function dedupeCauses(causes) {
  const seen = /* @__PURE__ */ new Set();
  return causes.filter((c) => {
    const k = `${c.message}@${c.file}:${c.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
function routeCauses(diff, change) {
  if (change.src !== INGRESS_CONTROLLER_ID) return [];
  const via = (m) => {
    const dst = m.workloadEndpoint(change.dst);
    const out = /* @__PURE__ */ new Map();
    for (const v of dst?.kind === "workload" ? m.ingressPath(dst.index)?.via ?? [] : []) {
      const key2 = `${v.object} (Service ${v.service})`;
      const source = m.cluster.ingressRoutes.find((r) => `${r.kind} ${r.namespace}/${r.name}` === v.object)?.source;
      out.set(key2, { ports: (out.get(key2)?.ports ?? ConnectionSet.NONE).union(v.ports), source });
    }
    return out;
  };
  const at = (source) => source ? { file: source.file, line: source.line } : {};
  const before = via(diff.base);
  const after = via(diff.head);
  const causes = [];
  for (const [object, { ports: ports2, source }] of after) {
    const was = before.get(object);
    if (!was) causes.push({ message: `${object} routes ${ports2.toString()} to it, and did not before`, ...at(source) });
    else if (!was.ports.equals(ports2)) causes.push({ message: `${object} routes ${ports2.toString()} to it, not ${was.ports.toString()}`, ...at(source) });
  }
  for (const [object, { ports: ports2, source }] of before) {
    if (!after.has(object)) causes.push({ message: `${object} no longer routes to it (it routed ${ports2.toString()}${source ? `, at ${where(source)}` : ""})` });
  }
  return causes;
}
function explainChange(diff, change) {
  const base = change.baseEndpoints ? diff.base.explain(change.baseEndpoints.src, change.baseEndpoints.dst) : void 0;
  const head = change.headEndpoints ? diff.head.explain(change.headEndpoints.src, change.headEndpoints.dst) : void 0;
  const bi = StateIndex.of(diff.base);
  const hi = StateIndex.of(diff.head);
  const causes = [];
  for (const w of change.workloads) {
    const source = (w.change === "added" ? hi : bi).sources.get(w.workload);
    if (!source) causes.push({ message: `workload ${w.workload} was ${w.change}` });
    else if (w.change === "added") causes.push({ message: `workload ${w.workload} was added`, file: source.file, line: source.line });
    else causes.push({ message: `workload ${w.workload} was removed (it was at ${where(source)})` });
  }
  causes.push(...routeCauses(diff, change));
  if (base && head) {
    causes.push(...dependencyCauses(diff, [base, head]));
    causes.push(...endCauses({ base: bi, head: hi, direction: "egress", end: change.src, peer: change.dst }, base.egress, head.egress, change));
    causes.push(...endCauses({ base: bi, head: hi, direction: "ingress", end: change.dst, peer: change.src }, base.ingress, head.ingress, change));
  }
  return { ...base ? { base } : {}, ...head ? { head } : {}, causes: dedupeCauses(causes) };
}

// src/report/notanalysed.ts
function notAnalysedJson(list2) {
  return list2.map((n) => ({ kind: n.kind, ...n.name ? { name: n.name } : {}, file: n.source.file, line: n.source.line, reason: n.reason }));
}
function notAnalysedCounts(list2) {
  const counts = /* @__PURE__ */ new Map();
  for (const n of list2) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([kind, n]) => `${n} ${n === 1 ? kind : pluralOfKind(kind)}`);
}
function notAnalysedLine(list2) {
  if (list2.length === 0) return void 0;
  const parts = notAnalysedCounts(list2);
  const joined = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `${joined} ${list2.length === 1 ? "was" : "were"} not analysed; the paths shown may not be those of the cluster`;
}

// src/report/report.ts
var REPORT_VERSION = 1;
function ports(c) {
  return c.isEmpty() ? null : c.toJSON();
}
function diagnostics(ds) {
  return ds.map((d) => ({ severity: d.severity, code: d.code, file: d.file, line: d.line, message: d.message }));
}
function warningJson(d) {
  return { severity: d.severity, code: d.code, file: d.file, line: d.line, message: d.message, object: d.object ?? "" };
}
var NO_WARNINGS = { introduced: [], existing: [], silenced: 0 };
function warningsJson(w) {
  return { introduced: w.introduced.map(warningJson), existing: w.existing.map(warningJson), silenced: w.silenced };
}
function stateSummary(m, label2) {
  const c = m.cluster;
  return {
    label: label2,
    workloads: c.workloads.length,
    policies: c.policies.length,
    namespaces: c.namespaces.size,
    diagnostics: diagnostics(m.diagnostics),
    notAnalysed: notAnalysedJson(c.notAnalysed),
    unread: m.diagnostics.filter((d) => d.severity === "error" && UNREAD_CODES.has(d.code)).map((d) => ({ file: d.file, line: d.line, code: d.code, reason: d.message }))
  };
}
function namespaceOf(name) {
  const slash = name.indexOf("/");
  return name.endsWith("[External]") || slash < 0 ? void 0 : name.slice(0, slash);
}
var UNEXPLAINED = { base: null, head: null, causes: [] };
function viaJson(m, ends) {
  if (!ends) return [];
  return m.via(ends.src, ends.dst).map((v) => ({ note: v.note, conn: v.conn.toString(), ports: v.conn.toJSON() }));
}
function changeJson(diff, c, explain) {
  const via = { base: viaJson(diff.base, c.baseEndpoints), head: viaJson(diff.head, c.headEndpoints) };
  return {
    type: c.type,
    src: c.src,
    dst: c.dst,
    namespace: namespaceOf(c.dst) ?? namespaceOf(c.src) ?? "",
    base: c.base.toString(),
    head: c.head.toString(),
    basePorts: ports(c.base),
    headPorts: ports(c.head),
    opened: c.opened.isEmpty() ? null : c.opened.toString(),
    closed: c.closed.isEmpty() ? null : c.closed.toString(),
    ...via.base.length + via.head.length > 0 ? { via } : {},
    workloads: c.workloads.map((w) => ({ workload: w.workload, change: w.change })),
    workloadsInfo: workloadsInfo(c) ?? null,
    explanation: explain ? explanationJson(explainChange(diff, c)) : UNEXPLAINED
  };
}
var LISTED_CHANGES = 2e3;
var REPORTED_WITNESSES = 20;
function* reportChanges(diff, explain) {
  for (const c of diff.changes) yield changeJson(diff, c, explain);
}
function changeGroups(diff, explain) {
  const groups = /* @__PURE__ */ new Map();
  for (const c of diff.changes) {
    const src = namespaceOf(c.src) ?? "";
    const dst = namespaceOf(c.dst) ?? "";
    const key2 = `${c.type}\0${src}\0${dst}`;
    const g = groups.get(key2);
    if (g) g.count++;
    else groups.set(key2, { type: c.type, src, dst, count: 1, first: c });
  }
  const order = (a, b) => a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : a.src < b.src ? -1 : a.src > b.src ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
  return [...groups.values()].sort(order).map((g) => ({
    type: g.type,
    srcNamespace: g.src,
    dstNamespace: g.dst,
    count: g.count,
    example: {
      src: g.first.src,
      dst: g.first.dst,
      ports: (g.type === "removed" ? g.first.base : g.type === "added" ? g.first.head : g.first.opened.union(g.first.closed)).toString(),
      causes: explain ? explanationJson(explainChange(diff, g.first)).causes : []
    }
  }));
}
function selectorJson(s) {
  return { selector: s.text, line: s.line };
}
function witnessJson(w) {
  if (w.kind === "workload") return { ...w };
  return { kind: "pair", src: w.src, dst: w.dst, ports: w.ports.toString(), explanation: pairJson(w.explanation) };
}
function stateJson(s) {
  return { status: s.status, unmatched: s.unmatched.map(selectorJson), witnessCount: s.witnessCount, witnesses: s.witnesses.slice(0, REPORTED_WITNESSES).map(witnessJson) };
}
function invariantJson(r, file) {
  const f = failing(r);
  return {
    name: r.invariant.name,
    kind: r.invariant.kind,
    file,
    line: r.invariant.line,
    status: r.status,
    failed: f.failed,
    isNew: f.isNew,
    base: r.base ? stateJson(r.base) : null,
    head: stateJson(r.head)
  };
}
function outsideJson(c) {
  return {
    type: c.type,
    workload: c.workload,
    namespace: namespaceOf(c.workload) ?? "",
    via: c.via,
    from: c.from,
    base: c.base.toString(),
    head: c.head.toString(),
    opened: c.opened.isEmpty() ? null : c.opened.toString(),
    closed: c.closed.isEmpty() ? null : c.closed.toString(),
    rules: c.decisions.map((d) => decisionJson(d))
  };
}
function exposureChangeJson(c) {
  return {
    type: c.type,
    workload: c.workload,
    namespace: namespaceOf(c.workload) ?? "",
    direction: c.direction,
    peer: c.peer,
    base: c.base,
    head: c.head,
    opened: c.opened.isEmpty() ? null : c.opened.toString(),
    closed: c.closed.isEmpty() ? null : c.closed.toString(),
    rules: c.decisions.map((d) => decisionJson(d))
  };
}
function summary(groups, invariants, head) {
  const count = (type2) => groups.reduce((n, g) => n + (g.type === type2 ? g.count : 0), 0);
  return {
    unread: head.unread.length,
    opened: count("added"),
    closed: count("removed"),
    changed: count("changed"),
    invariants: invariants.length,
    violations: invariants.filter((i) => i.failed).length,
    newViolations: invariants.filter((i) => i.failed && i.isNew).length
  };
}
function untrusted(report) {
  return report.failOnUnread && report.summary.unread > 0 && report.summary.invariants > 0;
}
function diffReport(diff, labels, invariants = [], configFile = "", options = {}) {
  const explain = options.explain ?? true;
  const listed = options.listed ?? LISTED_CHANGES;
  const changes2 = [];
  for (const c of reportChanges(diff, explain)) {
    if (changes2.length >= listed) break;
    changes2.push(c);
  }
  const groups = changeGroups(diff, explain);
  const inv = invariants.map((r) => invariantJson(r, configFile));
  const head = stateSummary(diff.head, labels.head);
  return {
    version: REPORT_VERSION,
    kind: "diff",
    base: stateSummary(diff.base, labels.base),
    head,
    summary: summary(groups, inv, head),
    failOnUnread: options.failOnUnread ?? true,
    changes: changes2,
    groups,
    invariants: inv,
    warnings: warningsJson(options.warnings ?? NO_WARNINGS),
    outside: (options.outside ?? []).map(outsideJson),
    ...options.exposure ? { exposure: options.exposure.map(exposureChangeJson) } : {}
  };
}
function checkReport(m, label2, invariants, configFile, warnings = NO_WARNINGS, failOnUnread = true) {
  const inv = invariants.map((r) => invariantJson(r, configFile));
  const head = stateSummary(m, label2);
  return {
    version: REPORT_VERSION,
    kind: "check",
    base: null,
    head,
    summary: summary([], inv, head),
    failOnUnread,
    changes: [],
    groups: [],
    invariants: inv,
    warnings: warningsJson(warnings)
  };
}
function lintReport(m, label2, warnings, silenced) {
  return {
    version: REPORT_VERSION,
    kind: "lint",
    label: label2,
    warnings: warnings.map(warningJson),
    silenced,
    diagnostics: diagnostics(m.diagnostics),
    notAnalysed: notAnalysedJson(m.cluster.notAnalysed)
  };
}

// src/sources/globs.ts
function globToRegExp(glob) {
  let re = "";
  let i = 0;
  let depth = 0;
  const g = glob.replace(/^\.\//, "");
  while (i < g.length) {
    const c = g[i];
    if (c === "*") {
      if (g[i + 1] === "*") {
        const slash = g[i + 2] === "/";
        re += slash ? "(?:.*/)?" : ".*";
        i += slash ? 3 : 2;
        continue;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      re += "(?:";
      depth++;
    } else if (c === "}" && depth > 0) {
      re += ")";
      depth--;
    } else if (c === "," && depth > 0) re += "|";
    else re += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
    i++;
  }
  return new RegExp(`^${re}$`);
}
function pathMatcher(globs) {
  const compile3 = (list2) => {
    const res = list2.map((g) => globToRegExp(g.replace(/\/+$/, "")));
    const dirs = list2.map((g) => globToRegExp(`${g.replace(/\/+$/, "")}/**`));
    return (path) => res.some((r) => r.test(path)) || dirs.some((r) => r.test(path));
  };
  const include = compile3(globs.filter((g) => !g.startsWith("!")));
  const excluded = globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
  const exclude = excluded.length > 0 ? compile3(excluded) : () => false;
  return (path) => include(path) && !exclude(path);
}

// src/sources/runcommand.ts
import { spawn } from "node:child_process";
var DEFAULT_RUN_LIMITS = {
  timeoutMs: 5 * 6e4,
  maxStdoutBytes: 256 * 1024 * 1024,
  stderrTailBytes: 4096
};
var RENDER_ENVIRONMENT = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TEMP|TMP|XDG_[A-Z_]+|HELM_[A-Z_]+|KUSTOMIZE_[A-Z_]+)$/;
function renderEnvironment(env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (RENDER_ENVIRONMENT.test(k) && v !== void 0) out[k] = v;
  return out;
}
function runCommand(command, cwd, limits = DEFAULT_RUN_LIMITS, env = renderEnvironment()) {
  return new Promise((resolve4) => {
    const child = spawn("/bin/sh", ["-c", command], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    let outBytes = 0;
    let err = Buffer.alloc(0);
    let failure;
    const kill = (why) => {
      if (failure) return;
      failure = why;
      try {
        if (child.pid !== void 0) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const limit = limits.timeoutMs < 1e3 ? `${limits.timeoutMs} ms` : `${Math.round(limits.timeoutMs / 1e3)} s`;
    const timer = setTimeout(() => kill(`did not finish within ${limit} and was stopped`), limits.timeoutMs);
    child.stdout.on("data", (chunk) => {
      if (failure) return;
      outBytes += chunk.length;
      if (outBytes > limits.maxStdoutBytes) {
        kill(`printed more than ${limits.maxStdoutBytes} bytes and was stopped`);
        out.length = 0;
        return;
      }
      out.push(chunk);
    });
    child.stderr.on("data", (chunk) => {
      err = Buffer.concat([err, chunk]);
      if (err.length > limits.stderrTailBytes * 2) err = err.subarray(err.length - limits.stderrTailBytes);
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve4({ ok: false, reason: `could not start: ${e.message}`, exitCode: null, stderrTail: "" });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const stderrTail = err.subarray(Math.max(0, err.length - limits.stderrTailBytes)).toString("utf8");
      if (failure) return resolve4({ ok: false, reason: failure, exitCode: code, stderrTail });
      if (code !== 0) return resolve4({ ok: false, reason: signal ? `was killed by ${signal}` : `exited with status ${code}`, exitCode: code, stderrTail });
      resolve4({ ok: true, stdout: Buffer.concat(out).toString("utf8"), stderrTail });
    });
  });
}

// src/sources/targets.ts
var RenderError = class extends Error {
  constructor(target, state, reason, stderrTail) {
    super(`target ${target}: the render command at ${state} ${reason}${stderrTail.trim() ? `; its stderr ends with:
${stderrTail.trimEnd()}` : ""}`);
    this.target = target;
    this.state = state;
    this.reason = reason;
    this.stderrTail = stderrTail;
  }
  target;
  state;
  reason;
  stderrTail;
  /** The failure without what the command printed, which may hold anything (secrets among it). */
  get brief() {
    return `target ${this.target}: the render command at ${this.state} ${this.reason}`;
  }
};
function renderedPath(target) {
  return `render:${target.name}`;
}
async function targetFiles(target, snapshot, run4) {
  if (target.kind === "paths") return snapshot.files(pathMatcher(target.paths));
  const result = await snapshot.inDirectory((dir) => runCommand(target.command, dir, run4));
  if (!result.ok) throw new RenderError(target.name, snapshot.label, result.reason, result.stderrTail);
  return [{ path: renderedPath(target), text: result.stdout }];
}

// src/pipeline/compare.ts
function stateFiles(snapshot, target, run4) {
  return target ? targetFiles(target, snapshot, run4) : snapshot.files();
}
function analyseFiles(files, options, cache) {
  return analyze(expand(readFiles(files, options.load, cache), options.load), options.analyze);
}
function invariantsFor(config, target) {
  return (config?.invariants ?? []).filter((i) => !i.targets || target !== void 0 && i.targets.includes(target.name));
}
async function compareStates(base, head, given) {
  const options = withConfig(given, given.config);
  const [baseFiles, headFiles] = await Promise.all([stateFiles(base, options.target, options.run), stateFiles(head, options.target, options.run)]);
  const cache = /* @__PURE__ */ new Map();
  const baseMatrix = analyseFiles(baseFiles, options, cache);
  const headMatrix = analyseFiles(headFiles, options, cache);
  return compareMatrices(baseMatrix, headMatrix, { base: base.label, head: head.label }, options);
}
function withConfig(options, config) {
  return config?.ingressController ? { ...options, analyze: { ...options.analyze, ingressController: config.ingressController } } : options;
}
function compareMatrices(base, head, labels, options) {
  const config = options.config;
  const warnings = lintChange(base, head, options.analyze, config?.ignore ?? []);
  const diff = diffMatrices(base, head);
  const invariants = config ? compareInvariants(invariantsFor(config, options.target), base, head, options.analyze) : [];
  const outside = diffOutside(base, head);
  const exposed = options.exposure ? diffExposure(exposure(base, options.analyze), exposure(head, options.analyze)) : void 0;
  const report = diffReport(diff, labels, invariants, config?.file ?? "", {
    explain: options.explain,
    warnings,
    failOnUnread: config?.failOnUnread ?? true,
    outside,
    ...exposed ? { exposure: exposed } : {}
  });
  return { base, head, diff, outside, ...exposed ? { exposure: exposed } : {}, warnings, invariants, report };
}

// src/sources/snapshot.ts
import { existsSync, readFileSync as readFileSync2, statSync as statSync2 } from "node:fs";
import { join as join3, relative as relative2, resolve } from "node:path";

// src/sources/checkout.ts
import { execFile as execFile2 } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify as promisify2 } from "node:util";

// src/sources/git.ts
import { execFile, spawn as spawn2 } from "node:child_process";
import { promisify } from "node:util";
var run = promisify(execFile);
var GitError = class extends Error {
};
async function git(repo, args) {
  try {
    const { stdout } = await run("git", ["-C", repo, ...args], { maxBuffer: 1 << 30, encoding: "utf8" });
    return stdout;
  } catch (e) {
    const err = e;
    throw new GitError((err.stderr ?? err.message).trim().split("\n")[0] ?? err.message);
  }
}
async function resolveRevision(repo, ref2) {
  try {
    return (await git(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref2}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown revision "${ref2}" in ${repo}`);
  }
}
function inFilters(path, filters) {
  if (typeof filters === "function") return filters(path);
  if (filters.length === 0) return true;
  return filters.some((f) => {
    const clean = f.replace(/^\.\/+/, "").replace(/\/+$/, "");
    return clean === "" || clean === "." || path === clean || path.startsWith(`${clean}/`);
  });
}
function wanted(path, filters) {
  return isManifestPath(path) && inFilters(path, filters);
}
function mightHoldManifests(dir, filters) {
  return wanted(`${dir}/manifest.yaml`, filters) || wanted(`${dir}/x/manifest.yaml`, filters);
}
async function readRevision(repo, ref2, filters = [], maxFileBytes = Infinity) {
  const commit = await resolveRevision(repo, ref2);
  const listing = await git(repo, ["ls-tree", "-r", "-z", "--full-tree", "-l", commit]);
  const entries2 = [];
  const out = [];
  const links = [];
  for (const record of listing.split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("	");
    const [mode, type2, oid, size] = record.slice(0, tab).split(/\s+/);
    const path = record.slice(tab + 1);
    if (!oid) continue;
    if (type2 === "commit") {
      if (mightHoldManifests(path, filters)) out.push({ path, error: `a git submodule (commit ${oid.slice(0, 12)}): its files are not read` });
      continue;
    }
    if (type2 !== "blob" || !wanted(path, filters)) continue;
    if (mode === "120000") links.push({ path, oid });
    else entries2.push({ path, oid, size: Number(size) });
  }
  entries2.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const targets = await catFiles(repo, links.map((l) => l.oid));
  links.forEach((l, i) => out.push({ path: l.path, error: `a symbolic link (to ${JSON.stringify(targets[i] ?? "")}): links are not followed, so it is not read` }));
  const toRead = entries2.filter((e) => {
    if (e.size <= maxFileBytes) return true;
    out.push({ path: e.path, error: `file is ${e.size} bytes, over the limit of ${maxFileBytes}; skipped` });
    return false;
  });
  const blobs = await catFiles(repo, toRead.map((e) => e.oid));
  toRead.forEach((e, i) => out.push({ path: e.path, text: blobs[i] }));
  return out.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
function catFiles(repo, oids) {
  if (oids.length === 0) return Promise.resolve([]);
  return new Promise((resolvePromise, reject) => {
    const child = spawn2("git", ["-C", repo, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    const chunks = [];
    let stderr = "";
    child.stdout.on("data", (c) => chunks.push(c));
    child.stderr.on("data", (c) => stderr += c.toString());
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${stderr.trim()}`));
      const data = Buffer.concat(chunks);
      const texts = [];
      let pos = 0;
      for (let i = 0; i < oids.length; i++) {
        const nl = data.indexOf(10, pos);
        const header = data.subarray(pos, nl).toString();
        const size = Number(header.split(" ")[2]);
        texts.push(data.subarray(nl + 1, nl + 1 + size).toString("utf8"));
        pos = nl + 1 + size + 1;
      }
      resolvePromise(texts);
    });
    child.stdin.end(`${oids.join("\n")}
`);
  });
}
async function readFileAt(repo, ref2, path) {
  const commit = await resolveRevision(repo, ref2);
  const listing = await git(repo, ["ls-tree", "-z", "--full-tree", commit, "--", path]);
  const record = listing.split("\0")[0];
  if (!record) return void 0;
  const [, type2, oid] = record.slice(0, record.indexOf("	")).split(/\s+/);
  if (type2 !== "blob" || !oid) return void 0;
  return (await catFiles(repo, [oid]))[0];
}

// src/sources/checkout.ts
var run2 = promisify2(execFile2);
var queues = /* @__PURE__ */ new Map();
function serially(repo, op) {
  const previous = queues.get(repo) ?? Promise.resolve();
  const next = previous.then(op, op);
  queues.set(repo, next.catch(() => void 0));
  return next;
}
async function withCheckout(repo, ref2, fn) {
  const commit = await resolveRevision(repo, ref2);
  const parent = mkdtempSync(join(tmpdir(), "reachdiff-checkout-"));
  const dir = join(parent, "tree");
  try {
    await serially(repo, () => run2("git", ["-C", repo, "worktree", "add", "--detach", "--quiet", dir, commit]));
  } catch (e) {
    rmSync(parent, { recursive: true, force: true });
    throw new GitError(`cannot check out ${ref2}: ${(e.stderr ?? String(e)).trim()}`);
  }
  try {
    return await fn(dir);
  } finally {
    await serially(repo, async () => {
      await run2("git", ["-C", repo, "worktree", "remove", "--force", dir]).catch(() => void 0);
      rmSync(parent, { recursive: true, force: true });
      await run2("git", ["-C", repo, "worktree", "prune"]).catch(() => void 0);
    });
  }
}

// src/sources/directory.ts
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join as join2, relative, isAbsolute } from "node:path";
var SKIPPED_DIRECTORIES = /* @__PURE__ */ new Set([".git", "node_modules"]);
function display(path, cwd) {
  if (!cwd || !isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel.startsWith("..") ? path : rel;
}
function listManifestFiles(paths) {
  const files = [];
  const missing = [];
  const walk = (dir) => {
    const entries2 = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const e of entries2) {
      const p = join2(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(e.name)) walk(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && isManifestPath(e.name)) {
        files.push(p);
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, missing };
}
function* readManifestFiles(files, options) {
  for (const f of files) {
    const path = display(f, options.cwd);
    try {
      const size = statSync(f).size;
      if (size > options.maxFileBytes) {
        yield { path, error: `file is ${size} bytes, over the limit of ${options.maxFileBytes}; skipped` };
        continue;
      }
      yield { path, text: readFileSync(f, "utf8") };
    } catch (e) {
      yield { path, error: `cannot read file: ${e.message}` };
    }
  }
}

// src/sources/snapshot.ts
var SourceError = class extends Error {
};
function directorySnapshot(paths, cwd, options) {
  const full = paths.map((p) => resolve(cwd, p));
  const root = full.length === 1 && existsSync(full[0]) && statSync2(full[0]).isDirectory() ? full[0] : void 0;
  return {
    label: paths.join(" "),
    async files(wanted2) {
      const { files, missing } = listManifestFiles(full);
      if (missing.length > 0) throw new SourceError(`no such file or directory: ${missing.map((m) => relative2(cwd, m) || m).join(", ")}`);
      const chosen = wanted2 ? files.filter((f) => wanted2(relative2(root ?? cwd, f).split("\\").join("/"))) : files;
      return [...readManifestFiles(chosen, { maxFileBytes: options.maxFileBytes, cwd })];
    },
    async file(path) {
      const p = join3(root ?? cwd, path);
      return existsSync(p) ? readFileSync2(p, "utf8") : void 0;
    },
    inDirectory(fn) {
      if (!root) return Promise.reject(new SourceError(`a render command runs in one directory, not in ${paths.join(" ")}`));
      return fn(root);
    }
  };
}
function gitSnapshot(repo, ref2, options) {
  return {
    label: ref2,
    files(wanted2) {
      const filters = options.filters ?? [];
      return readRevision(repo, ref2, wanted2 ? (p) => inFilters(p, filters) && wanted2(p) : filters, options.maxFileBytes);
    },
    file: (path) => readFileAt(repo, ref2, path),
    inDirectory: (fn) => withCheckout(repo, ref2, fn)
  };
}

// src/cli/common.ts
var UsageError = class extends Error {
};
var COMMON_OPTIONS = {
  "default-namespace": { type: "string" },
  "host-network": { type: "string" },
  "pod-cidr": { type: "string", multiple: true },
  help: { type: "boolean", short: "h" }
};
var COMMON_HELP = `  --default-namespace NS     namespace of objects that name none (default: default)
  --host-network MODE        exclude (default): policies do not select host-network pods;
                             include: treat them as ordinary pods
  --pod-cidr CIDR            the cluster's pod network, for AdminNetworkPolicy networks peers
                             (repeatable)
  -h, --help                 show this help`;
function oneOf(value, allowed, option, fallback) {
  if (value === void 0) return fallback;
  if (!allowed.includes(value)) throw new UsageError(`--${option} must be one of ${allowed.join(", ")}, not "${value}"`);
  return value;
}
function loadOptions(values) {
  return { defaultNamespace: values["default-namespace"] ?? "default", limits: DEFAULT_LIMITS };
}
function analyzeOptions(values) {
  return {
    hostNetwork: oneOf(values["host-network"], ["exclude", "include"], "host-network", "exclude"),
    podCIDRs: values["pod-cidr"] ?? []
  };
}
function pathsSnapshot(paths, io) {
  if (paths.length === 0) throw new UsageError("give at least one file or directory of manifests");
  const missing = paths.filter((p) => !existsSync2(resolve2(io.cwd, p)));
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(", ")}`);
  return directorySnapshot(paths, io.cwd, { maxFileBytes: MAX_READ_BYTES });
}
function pipelineOptions(values, run4 = DEFAULT_RUN_LIMITS, config) {
  return withConfig({ load: loadOptions(values), analyze: analyzeOptions(values), run: run4 }, config);
}
function nothingLoaded(cluster) {
  return cluster.workloads.length === 0 && cluster.policies.length === 0;
}
async function analysePaths(paths, values, io, config) {
  const snapshot = pathsSnapshot(paths, io);
  const matrix = analyseFiles(await snapshot.files(), pipelineOptions(values, DEFAULT_RUN_LIMITS, config));
  const cluster = matrix.cluster;
  for (const d of matrix.diagnostics) io.stderr(`${formatDiagnostic(d)}
`);
  printNotAnalysed(cluster, io);
  if (!nothingLoaded(cluster)) return matrix;
  io.stderr(`reachdiff: nothing to analyse: no workloads or policies were loaded from ${cluster.files.length} file(s)
`);
  return void 0;
}
function printNotAnalysed(cluster, io, prefix = "") {
  const line = notAnalysedLine(notAnalysedJson(cluster.notAnalysed));
  if (line) io.stderr(`reachdiff: ${prefix}${line}
`);
}
function lintState(matrix, values, ignore = []) {
  const { kept, silenced } = silence(lint(matrix, analyzeOptions(values)), ignore);
  return { kept, silenced: silenced.length };
}
function printWarnings(warnings, io, prefix = "") {
  for (const d of warnings.kept) io.stderr(`${prefix}${formatDiagnostic(d)}
`);
  if (warnings.silenced > 0) io.stderr(`${prefix}reachdiff: ${warnings.silenced} warning${warnings.silenced === 1 ? "" : "s"} silenced by the config's ignore list
`);
}
function parseCommand(args, own) {
  return parseArgs({ args, allowPositionals: true, strict: true, options: { ...COMMON_OPTIONS, ...own } });
}
function maxBytes(value) {
  if (value === void 0) return {};
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError("--max-bytes takes a number of bytes");
  return { budget: n };
}
function readConfig(path, fallback, io) {
  const file = path ?? fallback;
  if (!file) return void 0;
  const full = resolve2(io.cwd, file);
  if (!existsSync2(full)) {
    if (path) throw new UsageError(`config file not found: ${path}`);
    return void 0;
  }
  return parseConfig(readFileSync3(full, "utf8"), file);
}
function exitStatus(report, failOn, io) {
  if (failOn === "never") return 0;
  if (untrusted(report)) {
    io?.stderr(`reachdiff: failing closed: the invariants were checked on a head that has ${plural(report.summary.unread, "input")} that could not be read (fail-on-unread: false in the config accepts that)
`);
    return 1;
  }
  const count = failOn === "violations" ? report.summary.violations : report.summary.newViolations;
  return count > 0 ? 1 : 0;
}

// src/render/difftext.ts
function changeLine(c) {
  return `diff-type: ${c.type}, source: ${c.src}, destination: ${c.dst}, ref1: ${c.base}, ref2: ${c.head}${c.workloadsInfo ? `, workloads-diff-info: ${c.workloadsInfo}` : ""}`;
}
var ACTION_WORD = { allow: "allowed", deny: "denied", pass: "passed to NetworkPolicy" };
var CALICO_KINDS3 = /* @__PURE__ */ new Set(["CalicoNetworkPolicy", "GlobalNetworkPolicy"]);
function ruleText(d) {
  if (d.default) return "no policy isolates it";
  const rule = `${d.direction} rule ${d.rule}${d.ruleName ? ` "${d.ruleName}"` : ""}`;
  return d.policyKind === "NetworkPolicy" ? `${d.policy} ${rule}` : `${d.policyKind} ${d.policy} ${rule}`;
}
function decisionText(d) {
  if (d.default) return `allowed by default, no policy isolates it: ${d.ports}`;
  const note = d.note ? ` [${d.note}: may be narrower]` : "";
  const word = d.action === "pass" && d.policyKind !== void 0 && CALICO_KINDS3.has(d.policyKind) ? "passed to the next tier" : ACTION_WORD[d.action] ?? d.action;
  return `${word} by ${ruleText(d)}${note} (${d.file}:${d.line}${d.generatedBy ? `, ${d.generatedBy}` : ""}): ${d.ports}`;
}
function endText(e, direction) {
  const subject = `${direction} of ${e.endpoint}`;
  if (!e.governed) return `${subject}: external, no policy applies`;
  if (e.decisions.length === 0) return e.isolated ? `${subject}: isolated by ${e.policies.join(", ")}; no rule allows it` : `${subject}: nothing allowed`;
  return `${subject}: ${e.decisions.map(decisionText).join("; ")}`;
}
function pairLines(p, prefix = "") {
  return [`${prefix}${endText(p.egress, "egress")}`, `${prefix}${endText(p.ingress, "ingress")}`];
}
function causeText(c) {
  return `${c.message}${c.file ? ` (${c.file}:${c.line})` : ""}`;
}
function explanationLines(c) {
  const lines = [];
  if (c.explanation.base) lines.push(...pairLines(c.explanation.base, "base: "));
  if (c.explanation.head) lines.push(...pairLines(c.explanation.head, "head: "));
  for (const cause of c.explanation.causes) lines.push(`cause: ${causeText(cause)}`);
  return lines;
}
var REACH_WORD = { opened: "newly reachable", closed: "no longer reachable", changed: "changed" };
var EXPOSURE_WORD = { opened: "newly exposed", closed: "no longer exposed", changed: "changed" };
function rulesLine(rules) {
  return rules.length === 0 ? "" : ` (${rules.map(decisionText).join("; ")})`;
}
function reachLines(report) {
  const lines = [];
  const outside = report.outside ?? [];
  if (outside.length > 0) {
    lines.push("Reachable from outside the cluster:");
    for (const o of outside) lines.push(`${REACH_WORD[o.type]}: ${o.workload} through ${o.via} from ${o.from}, ref1: ${o.base}, ref2: ${o.head}${rulesLine(o.rules)}`);
  }
  const exposure2 = report.exposure ?? [];
  if (exposure2.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push("Exposure diff:");
    for (const e of exposure2) lines.push(`${EXPOSURE_WORD[e.type]}: ${e.workload} ${e.direction === "ingress" ? "<=" : "=>"} ${e.peer}, ref1: ${e.base}, ref2: ${e.head}${rulesLine(e.rules)}`);
  }
  return lines;
}
var CHUNK_LINES = 4096;
function* diffTextChunks(report, explain = false, changes2 = report.changes, reach = false) {
  let lines = [];
  let any = false;
  for (const c of changes2) {
    if (!any) lines.push("Connectivity diff:");
    any = true;
    lines.push(changeLine(c));
    if (explain) for (const l of explanationLines(c)) lines.push(`    ${l}`);
    if (lines.length >= CHUNK_LINES) {
      yield `${lines.join("\n")}
`;
      lines = [];
    }
  }
  const reached = reach ? reachLines(report) : [];
  if (reached.length > 0) {
    if (any) lines.push("");
    lines.push(...reached);
  }
  if (report.invariants.length > 0) {
    if (any || reached.length > 0) lines.push("");
    lines.push(...invariantLines(report.invariants));
  }
  if (lines.length > 0) yield `${lines.join("\n")}
`;
}
var STATUS_MARK = {
  holds: "ok",
  fixed: "ok",
  violated: "FAIL",
  "newly violated": "FAIL",
  "still violated": "FAIL",
  unmatched: "FAIL"
};
function witnessLines(w) {
  if (w.kind === "workload") return [`${w.workload}: ${w.message} (${w.file}:${w.line})`];
  return [`${w.src} => ${w.dst} : ${w.ports}`, ...w.explanation ? pairLines(w.explanation, "  ") : []];
}
function invariantLines(invariants) {
  const lines = ["Invariants:"];
  for (const inv of invariants) {
    lines.push(`${STATUS_MARK[inv.status]} ${inv.status}: ${inv.name} (${inv.file}:${inv.line})`);
    if (!inv.failed) continue;
    for (const u of inv.head.unmatched) lines.push(`    selector ${u.selector} (line ${u.line}) matches nothing`);
    for (const w of inv.head.witnesses) for (const l of witnessLines(w)) lines.push(`    ${l}`);
    if (inv.head.witnessCount > inv.head.witnesses.length) lines.push(`    ... and ${inv.head.witnessCount - inv.head.witnesses.length} more`);
  }
  return lines;
}

// src/render/markdown.ts
function markdownCell(text) {
  return text.replace(/\\/g, "\\\\").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ").replace(/([*_`~[\]])/g, "\\$1").replace(/@/g, "@\u200B").replace(/#(?=\d)/g, "#\u200B");
}
function htmlText(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[\r\n]+/g, " ").replace(/@/g, "@\u200B").replace(/#(?=\d)/g, "#\u200B").replace(/[[\]`*_~\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// src/render/report-md.ts
var LEVELS = [
  { kind: "rows", rowsPerNamespace: Infinity, witnesses: 10, warnings: 50, grouped: false, graph: true },
  { kind: "rows", rowsPerNamespace: Infinity, witnesses: 5, warnings: 25, grouped: true, graph: true },
  { kind: "rows", rowsPerNamespace: 50, witnesses: 3, warnings: 10, grouped: true, graph: false },
  { kind: "rows", rowsPerNamespace: 15, witnesses: 3, warnings: 5, grouped: true, graph: false },
  { kind: "rows", rowsPerNamespace: 5, witnesses: 1, warnings: 3, grouped: true, graph: false },
  { kind: "counts" },
  { kind: "summary", invariants: "all" },
  { kind: "summary", invariants: "failing" },
  { kind: "summary", invariants: "counts" }
];
var FAILING_LISTED = 50;
var TYPE_ICON = { added: "\u{1F7E2} opened", removed: "\u{1F534} closed", changed: "\u{1F7E1} changed" };
var STATUS_ICON = {
  holds: "\u2705 holds",
  fixed: "\u2705 fixed",
  violated: "\u274C violated",
  "newly violated": "\u274C newly violated",
  "still violated": "\u26A0\uFE0F still violated",
  unmatched: "\u274C matches nothing"
};
function verdictLine(report) {
  const s = report.summary;
  const still = s.violations - s.newViolations;
  const distrusted = untrusted({ summary: s, failOnUnread: report.failOnUnread ?? true });
  const icon = s.newViolations > 0 || distrusted ? "\u274C" : still > 0 || s.unread > 0 ? "\u26A0\uFE0F" : "\u2705";
  const parts = [];
  if (distrusted) parts.push(`${plural(s.unread, "input")} at head could not be read, so the invariants fail closed`);
  else if (s.unread > 0) parts.push(`${plural(s.unread, "input")} at head could not be read`);
  if (s.newViolations > 0) parts.push(`${plural(s.newViolations, "invariant")} newly violated`);
  if (still > 0) parts.push(`${plural(still, "invariant")} still violated`);
  if (report.kind === "diff") {
    const changes2 = [];
    if (s.opened > 0) changes2.push(`${plural(s.opened, "path")} opened`);
    if (s.closed > 0) changes2.push(`${changes2.length ? s.closed : plural(s.closed, "path")} closed`);
    if (s.changed > 0) changes2.push(`${changes2.length ? s.changed : plural(s.changed, "path")} changed`);
    parts.push(...changes2.length > 0 ? changes2 : ["no reachability change"]);
  }
  if (s.violations === 0 && s.invariants > 0) parts.push(`${plural(s.invariants, "invariant")} ${s.invariants === 1 ? "holds" : "hold"}${s.unread > 0 ? " on what could be read" : ""}`);
  const introduced = report.warnings?.introduced.length ?? 0;
  if (introduced > 0) parts.push(`${plural(introduced, "warning")} introduced`);
  return `${icon} ${parts.join(" \xB7 ")}`;
}
function rulesText(rules) {
  return rules.map((d) => d.default ? "no policy isolates it" : `${ruleText(d)} (${d.file}:${d.line}${d.generatedBy ? `, ${d.generatedBy}` : ""})`).join("; ");
}
var OUTSIDE_NAMED = 3;
function outsideLine(outside, named = OUTSIDE_NAMED) {
  const opened = (outside ?? []).filter((o) => o.opened !== null);
  if (opened.length === 0) return "";
  const workloads = new Set(opened.map((o) => o.workload));
  const items = opened.slice(0, named).map((o) => `${o.workload} through ${o.via} on ${o.opened}${o.rules.length ? `, allowed by ${rulesText(o.rules)}` : ""}`);
  const more = opened.length > named ? `; \u2026 and ${opened.length - named} more` : "";
  return `\u{1F310} ${plural(workloads.size, "workload")} newly reachable from outside the cluster${named > 0 ? `: ${items.join("; ")}${more}` : ""}`;
}
var EXPOSURE_ICON = { opened: "\u{1F7E2} newly exposed", closed: "\u{1F534} no longer exposed", changed: "\u{1F7E1} changed" };
var OUTSIDE_ICON = { opened: "\u{1F7E2} newly reachable", closed: "\u{1F534} no longer reachable", changed: "\u{1F7E1} changed" };
function exposurePorts(c) {
  if (c.type === "opened" && c.base === "No Connections") return c.head;
  if (c.type === "closed" && c.head === "No Connections") return c.base;
  return [c.opened ? `+ ${c.opened}` : "", c.closed ? `\u2212 ${c.closed}` : ""].filter(Boolean).join(" / ") || `${c.base} \u2192 ${c.head}`;
}
function reachTables(report, rows) {
  const blocks = [];
  const outside = report.outside ?? [];
  if (outside.length > 0) {
    const shown = outside.slice(0, rows);
    const lines = [
      `<details><summary>Reachable from outside the cluster: ${plural(outside.length, "change")}</summary>`,
      "",
      "| | Workload | Through | From | Connections | Rule responsible |",
      "| --- | --- | --- | --- | --- | --- |",
      ...shown.map((o) => `| ${OUTSIDE_ICON[o.type]} | ${markdownCell(o.workload)} | ${markdownCell(o.via)} | ${markdownCell(o.from)} | ${markdownCell(exposurePorts(o))} | ${markdownCell(rulesText(o.rules))} |`)
    ];
    if (outside.length > shown.length) lines.push("", `\u2026 and ${outside.length - shown.length} more`);
    lines.push("", "</details>");
    blocks.push(lines.join("\n"));
  }
  const exposure2 = report.exposure ?? [];
  if (exposure2.length > 0) {
    const shown = exposure2.slice(0, rows);
    const lines = [
      `<details><summary>Exposure to pods the manifests do not hold: ${plural(exposure2.length, "change")}</summary>`,
      "",
      "| | Workload | Direction | Pods | Connections | Rule responsible |",
      "| --- | --- | --- | --- | --- | --- |",
      ...shown.map((e) => `| ${EXPOSURE_ICON[e.type]} | ${markdownCell(e.workload)} | ${e.direction === "ingress" ? "from" : "to"} | ${markdownCell(e.peer)} | ${markdownCell(exposurePorts(e))} | ${markdownCell(rulesText(e.rules))} |`)
    ];
    if (exposure2.length > shown.length) lines.push("", `\u2026 and ${exposure2.length - shown.length} more`);
    lines.push("", "</details>");
    blocks.push(lines.join("\n"));
  }
  return blocks.join("\n\n");
}
function warningsSection(report, shown, listExisting) {
  const main = warningList(report, shown);
  const { existing } = report.warnings;
  if (!listExisting || existing.length === 0 || shown === 0) return main;
  const listed = existing.slice(0, shown);
  const lines = [report.kind === "diff" ? "**Warnings already present**" : "**Warnings**", "", ...listed.map((w) => `- ${markdownCell(`${w.file}:${w.line}`)} ${w.code}: ${markdownCell(w.message)}`)];
  if (existing.length > listed.length) lines.push("", `\u2026 and ${existing.length - listed.length} more`);
  return [main, lines.join("\n")].filter(Boolean).join("\n\n");
}
function warningList(report, shown) {
  const { introduced, existing, silenced } = report.warnings;
  const others = [existing.length > 0 ? plural(existing.length, report.kind === "diff" ? "existing warning" : "warning") : "", silenced > 0 ? `${silenced} silenced by the config` : ""].filter(Boolean).join(" \xB7 ");
  if (introduced.length === 0) {
    if (!others) return "";
    return report.kind === "diff" ? `_No warning introduced by this change (${others})._` : `_\u26A0\uFE0F ${others}; \`reachdiff lint\` lists them._`;
  }
  if (shown === 0) return `_\u26A0\uFE0F ${plural(introduced.length, "warning")} introduced by this change${others ? ` (${others})` : ""}; see the full report._`;
  const listed = introduced.slice(0, shown);
  const lines = ["**\u26A0\uFE0F Warnings introduced by this change**", "", ...listed.map((w) => `- ${markdownCell(`${w.file}:${w.line}`)} ${w.code}: ${markdownCell(w.message)}`)];
  if (introduced.length > listed.length) lines.push("", `\u2026 and ${introduced.length - listed.length} more`);
  if (others) lines.push("", `_Also: ${others}._`);
  return lines.join("\n");
}
function invariantTable(all, which = "all") {
  if (all.length === 0) return "";
  const failing2 = all.filter((i) => i.failed);
  if (which === "counts") return `_${plural(all.length, "invariant")}: ${failing2.length} failing, ${all.length - failing2.length} holding; the job summary lists them._`;
  const invariants = which === "all" ? all : failing2.slice(0, FAILING_LISTED);
  const rest = all.length - invariants.length;
  const more = rest > 0 ? [`
_\u2026 and ${rest} more invariant${rest === 1 ? "" : "s"}, ${failing2.length - invariants.length} of them failing; the job summary lists them._`] : [];
  const rows = invariants.map((i) => {
    const n = i.head.witnessCount;
    const detail = i.status === "unmatched" ? `${plural(i.head.unmatched.length, "selector")} match nothing` : i.failed ? plural(n, "witness", "witnesses") : "";
    return `| ${STATUS_ICON[i.status]} | ${markdownCell(i.name)} | ${i.kind} | ${markdownCell(detail)} |`;
  });
  return [...rows.length > 0 ? ["| Status | Invariant | Kind | |", "| --- | --- | --- | --- |", ...rows] : [], ...more].join("\n").trim();
}
function witnessRow(w) {
  if (w.kind === "workload") return `| ${markdownCell(w.workload)} | ${w.direction} | ${markdownCell(w.message)} |`;
  const why = w.explanation ? [endText(w.explanation.egress, "egress"), endText(w.explanation.ingress, "ingress")].map(markdownCell).join("<br>") : "";
  return `| ${markdownCell(`${w.src} \u2192 ${w.dst}`)} | ${markdownCell(w.ports)} | ${why} |`;
}
function violationDetails(invariants, witnesses) {
  const blocks = [];
  for (const i of invariants) {
    if (!i.failed || witnesses === 0) continue;
    const lines = [`<details><summary>${htmlText(i.name)}: ${htmlText(i.status)}</summary>`, ""];
    for (const u of i.head.unmatched) lines.push(`- selector ${markdownCell(u.selector)} (${markdownCell(`${i.file}:${u.line}`)}) matches nothing`);
    const shown = i.head.witnesses.slice(0, witnesses);
    if (shown.length > 0) {
      const pair = shown[0].kind === "pair";
      lines.push(pair ? "| Pair | Connections | Why |" : "| Workload | Direction | Why |", "| --- | --- | --- |", ...shown.map(witnessRow));
    }
    if (i.head.witnessCount > shown.length) lines.push("", `\u2026 and ${i.head.witnessCount - shown.length} more`);
    lines.push("", "</details>");
    blocks.push(lines.join("\n"));
  }
  return blocks.join("\n\n");
}
function responsible(c) {
  const causes = c.explanation.causes;
  if (causes.length > 0) return causes.map(causeText).join("; ");
  const head = c.explanation.head;
  if (head) {
    const decisions2 = [...head.egress.decisions, ...head.ingress.decisions].filter((d) => d.action === "allow" && !d.default);
    if (decisions2.length > 0) return decisions2.map((d) => `${ruleText(d)} (${d.file}:${d.line}${d.generatedBy ? `, ${d.generatedBy}` : ""})`).join("; ");
  }
  return "";
}
function viaMark(via, conn) {
  if (via.length === 0) return "";
  return ` (via ${via.map((v) => v.conn === conn ? v.note : `${v.note} on ${v.conn}`).join("; ")})`;
}
function portsCell(c, via = true) {
  const mark = (list2, conn) => via ? viaMark(list2 ?? [], conn) : "";
  if (c.type === "added") return `${c.head}${mark(c.via?.head, c.head)}`;
  if (c.type === "removed") return `${c.base}${mark(c.via?.base, c.base)}`;
  const ports2 = [c.opened ? `+ ${c.opened}` : "", c.closed ? `\u2212 ${c.closed}` : ""].filter(Boolean).join(" / ");
  return `${ports2}${mark(c.via?.head, c.head)}`;
}
function groupRows(changes2) {
  const rows = changes2.map((c) => ({ type: c.type, src: c.src, dst: c.dst, ports: portsCell(c), why: responsible(c) }));
  const merge2 = (key2, set2, pick) => {
    const groups = /* @__PURE__ */ new Map();
    for (const r of rows) {
      const k = key2(r);
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    }
    return [...groups.values()].map((g) => g.length === 1 ? g[0] : set2(g[0], g.map(pick)));
  };
  const many = (names) => names.length <= 3 ? names.join(", ") : `${names.slice(0, 2).join(", ")} and ${names.length - 2} more`;
  const bySrc = merge2((r) => `${r.type}\0${r.src}\0${r.ports}\0${r.why}`, (r, dsts) => ({ ...r, dst: many(dsts) }), (r) => r.dst);
  const byDst = merge2((r) => `${r.type}\0${r.dst}\0${r.ports}\0${r.why}`, (r, srcs) => ({ ...r, src: many(srcs) }), (r) => r.src);
  return bySrc.length <= byDst.length ? bySrc : byDst;
}
function namespaceCounts(report) {
  const byNs = /* @__PURE__ */ new Map();
  const entry = (ns) => {
    let e = byNs.get(ns);
    if (!e) {
      e = { added: 0, removed: 0, changed: 0, changes: [] };
      byNs.set(ns, e);
    }
    return e;
  };
  for (const g of report.groups) entry(g.dstNamespace || g.srcNamespace || "(external)")[g.type] += g.count;
  for (const c of report.changes) entry(c.namespace || "(external)").changes.push(c);
  return new Map([...byNs.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}
function listedNote(report) {
  const total = report.summary.opened + report.summary.closed + report.summary.changed;
  return report.changes.length < total ? `_The report lists the first ${report.changes.length} of ${total} changes, with the rules responsible; the counts are of all of them._` : "";
}
function countsText(e) {
  return [e.added ? `${e.added} opened` : "", e.removed ? `${e.removed} closed` : "", e.changed ? `${e.changed} changed` : ""].filter(Boolean).join(", ");
}
function changeTables(report, level) {
  const blocks = [];
  for (const [ns, e] of namespaceCounts(report)) {
    if (e.changes.length === 0) continue;
    const rows = level.grouped ? groupRows(e.changes) : e.changes.map((c) => ({ type: c.type, src: c.src, dst: c.dst, ports: portsCell(c), why: responsible(c) }));
    const shown = rows.slice(0, level.rowsPerNamespace);
    const lines = [
      `<details><summary>Namespace <code>${htmlText(ns)}</code>: ${countsText(e)}</summary>`,
      "",
      "| | Source | Destination | Connections | Rule responsible |",
      "| --- | --- | --- | --- | --- |",
      ...shown.map((r) => `| ${TYPE_ICON[r.type]} | ${markdownCell(r.src)} | ${markdownCell(r.dst)} | ${markdownCell(r.ports)} | ${markdownCell(r.why)} |`)
    ];
    if (rows.length > shown.length) lines.push("", `\u2026 and ${rows.length - shown.length} more rows`);
    lines.push("", "</details>");
    blocks.push(lines.join("\n"));
  }
  return blocks.join("\n\n");
}
function countsTable(report) {
  const rows = [...namespaceCounts(report).entries()].map(([ns, e]) => `| ${markdownCell(ns)} | ${e.added} | ${e.removed} | ${e.changed} |`);
  return ["| Namespace | Opened | Closed | Changed |", "| --- | ---: | ---: | ---: |", ...rows].join("\n");
}
function mermaidLabel(text) {
  return text.replace(/−/g, "-").replace(/[^A-Za-z0-9._/:,+\- [\]{}]/g, "?").replace(/\[/g, "#91;").replace(/\]/g, "#93;").replace(/\{/g, "#123;").replace(/\}/g, "#125;");
}
function graph(changes2) {
  const ids = /* @__PURE__ */ new Map();
  const id = (name) => {
    let v = ids.get(name);
    if (!v) {
      v = `n${ids.size}`;
      ids.set(name, v);
    }
    return v;
  };
  const edges = [];
  const styles = [];
  const color = { added: "#2da44e", removed: "#cf222e", changed: "#bf8700" };
  changes2.forEach((c, i) => {
    const arrow = c.type === "removed" ? "-.->" : "-->";
    edges.push(`  ${id(c.src)} ${arrow}|"${mermaidLabel(portsCell(c, false))}"| ${id(c.dst)}`);
    styles.push(`  linkStyle ${i} stroke:${color[c.type]}`);
  });
  const nodes = [...ids.entries()].map(([name, v]) => `  ${v}["${mermaidLabel(name)}"]`);
  return ["```mermaid", "graph LR", ...nodes, ...edges, ...styles, "```"].join("\n");
}
var UNREAD_LISTED = 10;
function unreadNote(report, listed) {
  const head = report.head.unread;
  const base = report.base?.unread.length ?? 0;
  if (head.length + base === 0) return "";
  const lines = [];
  if (head.length > 0) {
    lines.push(`> \u26D4 ${plural(head.length, "input")}${report.base ? " at head" : ""} could not be read or would be rejected by the API server; the verdict does not see ${head.length === 1 ? "it" : "them"}:`);
    const shown = head.slice(0, listed);
    for (const u of shown) lines.push(`> - ${markdownCell(`${u.file}:${u.line}`)}: ${markdownCell(u.reason)} (${u.code})`);
    if (head.length > shown.length) lines.push(`> - \u2026 and ${head.length - shown.length} more; see the job log or the full report`);
  }
  if (base > 0) lines.push(`> ${plural(base, "input")} at base could not be read.`);
  return lines.join("\n");
}
var NOT_ANALYSED_LISTED = 10;
function notAnalysedNote(report, listed) {
  const head = report.head.notAnalysed;
  const base = report.base?.notAnalysed ?? [];
  const lines = [];
  const headLine = notAnalysedLine(head);
  if (headLine) lines.push(`> \u26A0\uFE0F ${report.base ? "At head, " : ""}${headLine}.`);
  const baseLine = notAnalysedLine(base);
  if (baseLine && base.length !== head.length) lines.push(`> ${headLine ? "At base: " : "\u26A0\uFE0F At base, "}${baseLine}.`);
  if (lines.length === 0) return "";
  const shown = head.slice(0, listed);
  for (const n of shown) lines.push(`> - ${markdownCell(n.kind)}${n.name ? ` ${markdownCell(n.name)}` : ""} (${markdownCell(`${n.file}:${n.line}`)}): ${markdownCell(n.reason)}`);
  if (head.length > shown.length && shown.length > 0) lines.push(`> - \u2026 and ${head.length - shown.length} more`);
  return lines.join("\n");
}
function render(report, level, options) {
  const parts = [];
  if (options.header) parts.push(options.header);
  parts.push(`**${verdictLine(report)}**`);
  const reach = outsideLine(report.outside, level.kind === "rows" ? OUTSIDE_NAMED : 0);
  if (reach) parts.push(`**${reach}**`);
  const unread = unreadNote(report, level.kind === "summary" ? 0 : UNREAD_LISTED);
  if (unread) parts.push(unread);
  const notAnalysed = notAnalysedNote(report, level.kind === "rows" ? NOT_ANALYSED_LISTED : 0);
  if (notAnalysed) parts.push(notAnalysed);
  const inv = invariantTable(report.invariants, level.kind === "summary" ? level.invariants : "all");
  if (inv) parts.push(inv);
  if (level.kind === "rows") {
    const details = violationDetails(report.invariants, level.witnesses);
    if (details) parts.push(details);
  }
  if (report.changes.length > 0) {
    if (level.kind === "rows") {
      if (level.graph && options.graphLimit && report.changes.length <= options.graphLimit) parts.push(graph(report.changes));
      parts.push(changeTables(report, level));
      const note = listedNote(report);
      if (note) parts.push(note, countsTable(report));
    } else if (level.kind === "counts") {
      parts.push(countsTable(report));
    }
  }
  if (level.kind === "rows") {
    const reachRows = reachTables(report, level.rowsPerNamespace === Infinity ? Infinity : level.rowsPerNamespace * 2);
    if (reachRows) parts.push(reachRows);
  }
  const warnings = warningsSection(report, level.kind === "rows" ? level.warnings : 0, options.existingWarnings === true);
  if (warnings) parts.push(warnings);
  const trimmed = level.kind !== "rows" || level.rowsPerNamespace !== Infinity || level.witnesses < 10;
  const needsHint = trimmed && (report.changes.length > 0 || report.invariants.some((i) => i.failed) || (report.exposure?.length ?? 0) + (report.outside?.length ?? 0) > 0);
  if (needsHint && options.fullReportHint) parts.push(`_${options.fullReportHint}_`);
  if (options.footer) parts.push(options.footer);
  return `${parts.join("\n\n")}
`;
}
function renderMarkdown(report, options = {}) {
  const budget = options.budget ?? Infinity;
  for (const level of LEVELS) {
    const text = render(report, level, options);
    if (Buffer.byteLength(text, "utf8") <= budget) return text;
  }
  const reach = outsideLine(report.outside, 0);
  return [options.header, `**${verdictLine(report)}**`, reach ? `**${reach}**` : "", "_The report is too large to show here; the job summary and the report output hold it._", options.footer].filter(Boolean).join("\n\n") + "\n";
}

// src/cli/check.ts
var CHECK_HELP = `Usage: reachdiff check PATH... [options]

Checks the invariants of a config file against one state of the manifests
(invariants limited to targets are checked by diff --target and the action).

Options:
  --config FILE              the invariants, and warnings to silence (default: ${DEFAULT_CONFIG_PATH})
  --format FORMAT            txt (default), json or md
  --fail-on WHEN             exit 1 on violations (default) or never
${COMMON_HELP}

Exit status: 0 every invariant holds, 1 one is violated or matches nothing,
2 usage, input or config error.
`;
async function checkCommand(args, io) {
  const { values, positionals } = parseCommand(args, { config: { type: "string" }, format: { type: "string" }, "fail-on": { type: "string" } });
  if (values.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const format = oneOf(values.format, ["txt", "json", "md"], "format", "txt");
  const failOn = oneOf(values["fail-on"], FAIL_ON, "fail-on", "violations");
  const config = readConfig(values.config, DEFAULT_CONFIG_PATH, io);
  if (!config) throw new UsageError(`no config: give --config FILE or create ${DEFAULT_CONFIG_PATH}`);
  const matrix = await analysePaths(positionals, values, io, config);
  if (!matrix) return 2;
  const warnings = lintState(matrix, values, config.ignore);
  printWarnings(warnings, io);
  const report = checkReport(matrix, positionals.join(" "), checkInvariants(config.invariants.filter((i) => !i.targets), matrix, withConfig({ analyze: analyzeOptions(values) }, config).analyze), config.file, { introduced: [], existing: warnings.kept, silenced: warnings.silenced }, config.failOnUnread);
  if (format === "json") io.stdout(`${JSON.stringify(report, null, 2)}
`);
  else if (format === "md") io.stdout(renderMarkdown(report));
  else io.stdout(`${invariantLines(report.invariants).join("\n")}
`);
  return exitStatus(report, failOn, io);
}

// src/cli/diff.ts
import { resolve as resolve3 } from "node:path";
var DIFF_FORMATS = ["txt", "json", "md"];
var DIFF_HELP = `Usage: reachdiff diff BASE HEAD [options]
       reachdiff diff --git [--base-ref REF] [--head-ref REF] [--repo DIR] [PATH...]

Prints how reachability changes from BASE to HEAD: directories or files, or,
with --git, two revisions of a git repository read straight from its object
database (the work tree is not touched; PATHs filter the files read).

Options:
  --format FORMAT            txt (default; np-guard's connectivity-diff format), json or md
  --explain                  with txt: say under each change which rules decided on each
                             side and what changed (json always carries this)
  --exposure                 also compare each workload's exposure to pods the manifests do
                             not hold (representatives, as list --exposure), and with txt
                             print it after the diff with the workloads newly reachable
                             from outside the cluster (json and md always carry those)
  --config FILE              check the invariants of FILE on both states, and silence the
                             warnings its ignore list names
  --warnings WHICH           with md: list the warnings the change introduces (default),
                             or all of head's
  --fail-on WHEN             with --config: exit 1 on new-violations (default),
                             violations (any), or never
  --git                      compare two revisions of a git repository
  --repo DIR                 the repository (default: the current directory)
  --base-ref REF             base revision (default: main)
  --head-ref REF             head revision (default: HEAD)
  --target NAME              diff one target of the config (targets:): its paths, or the
                             output of its render command run in a checkout of each revision
                             (with --git) or in each of BASE and HEAD
  --render CMD               diff the output of CMD (kustomize build ..., helm template ...),
                             run the same way
  --render-timeout SECONDS   stop a render command after this long (default: 300)
  --max-bytes N              with md: step the report down until it fits N bytes (a
                             pull-request comment: 60000)
${COMMON_HELP}

Exit status: 0 no failing invariant, 1 an invariant fails (see --fail-on),
2 usage, input or config error.
`;
function chooseTarget(values, config) {
  if (typeof values.render === "string") {
    if (values.target !== void 0) throw new UsageError("--render and --target do not go together");
    return { name: "render", line: 1, kind: "render", command: values.render };
  }
  if (typeof values.target !== "string") return void 0;
  if (!config) throw new UsageError(`--target needs a config with targets: give --config FILE or create ${DEFAULT_CONFIG_PATH}`);
  const target = config.targets.find((t) => t.name === values.target);
  if (!target) {
    throw new UsageError(`no target "${values.target}" in ${config.file}${config.targets.length ? ` (targets: ${config.targets.map((t) => t.name).join(", ")})` : ""}`);
  }
  return target;
}
async function diffCommand(args, io) {
  const { values, positionals } = parseCommand(args, {
    format: { type: "string" },
    explain: { type: "boolean" },
    exposure: { type: "boolean" },
    config: { type: "string" },
    "fail-on": { type: "string" },
    warnings: { type: "string" },
    git: { type: "boolean" },
    repo: { type: "string" },
    "base-ref": { type: "string" },
    "head-ref": { type: "string" },
    target: { type: "string" },
    render: { type: "string" },
    "render-timeout": { type: "string" },
    "max-bytes": { type: "string" }
  });
  if (values.help) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  const format = oneOf(values.format, DIFF_FORMATS, "format", "txt");
  const warningsShown = oneOf(values.warnings, ["introduced", "all"], "warnings", "introduced");
  const failOn = oneOf(values["fail-on"], FAIL_ON, "fail-on", "new-violations");
  const config = readConfig(values.config, values.target !== void 0 ? DEFAULT_CONFIG_PATH : void 0, io);
  const target = chooseTarget(values, config);
  const timeout = values["render-timeout"] === void 0 ? DEFAULT_RUN_LIMITS.timeoutMs : Number(values["render-timeout"]) * 1e3;
  if (!(timeout > 0)) throw new UsageError("--render-timeout takes a number of seconds");
  const max = MAX_READ_BYTES;
  let base;
  let head;
  if (values.git) {
    const repo = resolve3(io.cwd, values.repo ?? ".");
    const filters = target ? [] : positionals;
    base = gitSnapshot(repo, values["base-ref"] ?? "main", { maxFileBytes: max, filters });
    head = gitSnapshot(repo, values["head-ref"] ?? "HEAD", { maxFileBytes: max, filters });
  } else {
    if (values.repo || values["base-ref"] || values["head-ref"]) throw new UsageError("--repo, --base-ref and --head-ref go with --git");
    if (positionals.length !== 2) throw new UsageError("diff takes two paths, BASE and HEAD (or --git with revisions)");
    base = pathsSnapshot([positionals[0]], io);
    head = pathsSnapshot([positionals[1]], io);
  }
  const explain = format !== "txt" || values.explain === true;
  let comparison;
  try {
    comparison = await compareStates(base, head, { ...pipelineOptions(values, { ...DEFAULT_RUN_LIMITS, timeoutMs: timeout, maxStdoutBytes: max }), target, config, explain, exposure: values.exposure === true });
  } catch (e) {
    if (e instanceof RenderError || e instanceof SourceError) {
      io.stderr(`reachdiff: ${e.message}
`);
      return 2;
    }
    throw e;
  }
  const { base: baseMatrix, head: headMatrix, warnings, report } = comparison;
  for (const d of baseMatrix.diagnostics) io.stderr(`base: ${formatDiagnostic(d)}
`);
  for (const d of headMatrix.diagnostics) io.stderr(`head: ${formatDiagnostic(d)}
`);
  printNotAnalysed(baseMatrix.cluster, io, "base: ");
  printNotAnalysed(headMatrix.cluster, io, "head: ");
  if (nothingLoaded(baseMatrix.cluster) && nothingLoaded(headMatrix.cluster)) {
    io.stderr("reachdiff: nothing to analyse: no workloads or policies on either side\n");
    return 2;
  }
  printWarnings({ kept: warnings.introduced, silenced: warnings.silenced }, io, "head: ");
  if (warnings.existing.length > 0) {
    io.stderr(`reachdiff: ${warnings.existing.length} warning${warnings.existing.length === 1 ? "" : "s"} already present at base (reachdiff lint lists them)
`);
  }
  if (format === "json") io.stdout(`${JSON.stringify(report, null, 2)}
`);
  else if (format === "md") io.stdout(renderMarkdown(report, { graphLimit: 15, existingWarnings: warningsShown === "all", ...maxBytes(values["max-bytes"]) }));
  else for (const chunk of diffTextChunks(report, values.explain === true, reportChanges(comparison.diff, values.explain === true), values.exposure === true)) io.stdout(chunk);
  return config ? exitStatus(report, failOn, io) : 0;
}

// src/cli/lint.ts
var LINT_HELP = `Usage: reachdiff lint PATH... [options]

Prints warnings about NetworkPolicy foot-guns: policies that Kubernetes
accepts but that very likely do not do what their author meant (DNS blocked
by egress isolation, selectors that match nothing, rules that allow
everything by accident, ...), one per line: FILE:LINE: warning: MESSAGE [CODE].

Options:
  --format FORMAT            txt (default) or json
  --config FILE              silence the warnings its ignore list names
                             (default: ${DEFAULT_CONFIG_PATH} when it exists)
${COMMON_HELP}

Exit status: 0 whether or not there are warnings; 2 usage, input or config
error (a file or document that could not be read, or nothing to analyse).
`;
async function lintCommand(args, io) {
  const { values, positionals } = parseCommand(args, { format: { type: "string" }, config: { type: "string" } });
  if (values.help) {
    io.stdout(LINT_HELP);
    return 0;
  }
  const format = oneOf(values.format, ["txt", "json"], "format", "txt");
  const config = readConfig(values.config, DEFAULT_CONFIG_PATH, io);
  const matrix = await analysePaths(positionals, values, io);
  if (!matrix) return 2;
  const { kept, silenced } = lintState(matrix, values, config?.ignore);
  if (format === "json") {
    io.stdout(`${JSON.stringify(lintReport(matrix, positionals.join(" "), kept, silenced), null, 2)}
`);
  } else {
    for (const d of kept) io.stdout(`${formatDiagnostic(d)}
`);
    if (silenced > 0) io.stderr(`reachdiff: ${silenced} warning${silenced === 1 ? "" : "s"} silenced by the ignore list of ${config?.file}
`);
  }
  return matrix.diagnostics.some((d) => d.severity === "error") ? 2 : 0;
}

// src/render/via.ts
function explicitConnections(c) {
  return PROTOCOLS.filter((p) => c.get(p).length > 0).map((p) => `${p} ${formatPorts(c.get(p))}`).join(",");
}
function spacedConnections(c) {
  return PROTOCOLS.filter((p) => c.get(p).length > 0).map((p) => `${p} ${formatPorts(c.get(p)).replace(/,/g, " ")}`).join(" and ");
}
function connectionsText(conn, via) {
  return via.length === 0 ? conn.toString() : `${explicitConnections(conn)}, ${viaNote(conn, via)}`;
}
function viaNote(conn, via) {
  if (via.length === 0) return "";
  return `via ${via.map((v) => v.conn.equals(conn) ? v.note : `${v.note} on ${spacedConnections(v.conn)}`).join("; ")}`;
}

// src/render/exposure.ts
function byPair(a, b) {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}
function exposureRows(exposure2) {
  const egress = [];
  const ingress = [];
  const unprotected = [];
  for (const w of exposure2.workloads) {
    for (const l of w.egress.lines) egress.push([w.workload.id, exposurePeerName(l.peer), exposureConnText(l.conn, l.names)]);
    for (const l of w.ingress.lines) ingress.push([w.workload.id, exposurePeerName(l.peer), exposureConnText(l.conn, l.names)]);
    if (!w.egress.protected) unprotected.push(`${w.workload.id} is not protected on Egress`);
    if (!w.ingress.protected) unprotected.push(`${w.workload.id} is not protected on Ingress`);
  }
  return { egress: egress.sort(byPair), ingress: ingress.sort(byPair), unprotected: unprotected.sort() };
}
function exposureText(exposure2) {
  const width = Math.max(0, ...exposure2.workloads.map((w) => w.workload.id.length));
  const { egress, ingress, unprotected } = exposureRows(exposure2);
  let out = "Exposure Analysis Result:\n";
  if (egress.length > 0) out += `Egress Exposure:
${egress.map(([w, p, c]) => `${w.padEnd(width)} 	=> 	${p} : ${c}`).join("\n")}
`;
  if (ingress.length > 0) out += `${egress.length > 0 ? "\n" : ""}Ingress Exposure:
${ingress.map(([w, p, c]) => `${w.padEnd(width)} 	<= 	${p} : ${c}`).join("\n")}
`;
  if (unprotected.length > 0) out += `
Workloads not protected by network policies:
${unprotected.join("\n")}
`;
  return out;
}
function outsideFrom(p) {
  return p.from === "ingress-controller" ? "{ingress-controller}" : p.from.map(formatExternal).join(", ");
}
function exposureJson(exposure2) {
  const line = (workload, l) => ({
    workload,
    peer: exposurePeerName(l.peer),
    conn: exposureConnText(l.conn, l.names),
    ports: l.conn.toJSON(),
    ...l.names.length > 0 ? { portNames: l.names.map((n) => ({ ...n.protocol ? { protocol: n.protocol } : {}, name: n.name })) } : {}
  });
  const witness = (w) => ({ namespace: w.namespace, newNamespace: w.newNamespace, namespaceLabels: w.namespaceLabels, labels: w.labels });
  return {
    representatives: [
      { name: "entire-cluster", witness: witness(exposure2.cluster) },
      ...exposure2.representatives.map((r) => ({
        name: r.name,
        namespaces: r.namespaces.kind === "named" ? { name: r.namespaces.name } : r.namespaces.text !== void 0 ? { text: r.namespaces.text } : { selector: r.namespaces.written },
        pods: r.pods ? r.pods.text !== void 0 ? { text: r.pods.text } : r.pods.written : null,
        witness: witness(r.witness)
      }))
    ],
    egress: exposure2.workloads.flatMap((w) => w.egress.lines.map((l) => line(w.workload.id, l))),
    ingress: exposure2.workloads.flatMap((w) => w.ingress.lines.map((l) => line(w.workload.id, l))),
    unrepresented: exposure2.unrepresented,
    outside: exposure2.outside.map((p) => ({ workload: exposure2.matrix.workloads[p.workload].id, via: p.via, from: outsideFrom(p), conn: p.conn.toString(), ports: p.conn.toJSON() })),
    unprotected: exposure2.workloads.flatMap((w) => [
      ...w.egress.protected ? [] : [{ workload: w.workload.id, direction: "egress" }],
      ...w.ingress.protected ? [] : [{ workload: w.workload.id, direction: "ingress" }]
    ])
  };
}
function exposureMarkdown(exposure2, cell) {
  const { egress, ingress, unprotected } = exposureRows(exposure2);
  let out = "\n## Exposure\n";
  const table = (title, rows) => {
    if (rows.length === 0) return;
    out += `
### ${title}

| Workload | Peer | Connections |
| --- | --- | --- |
`;
    for (const [w, p, c] of rows) out += `| ${cell(w)} | ${cell(p)} | ${cell(c)} |
`;
  };
  table("Egress exposure", egress);
  table("Ingress exposure", ingress);
  if (exposure2.outside.length > 0) {
    out += "\n### Reachable from outside the cluster\n\n| Workload | Through | From | Connections |\n| --- | --- | --- | --- |\n";
    for (const p of exposure2.outside) out += `| ${cell(exposure2.matrix.workloads[p.workload].id)} | ${cell(p.via)} | ${cell(outsideFrom(p))} | ${cell(p.conn.toString())} |
`;
  }
  if (unprotected.length > 0) out += `
### Workloads not protected by network policies

${unprotected.map((u) => `- ${cell(u)}`).join("\n")}
`;
  return out;
}
function exposureCsvRows(exposure2) {
  const { egress, ingress } = exposureRows(exposure2);
  return [["direction", "workload", "peer", "conn"], ...egress.map((r) => ["egress", ...r]), ...ingress.map((r) => ["ingress", ...r])];
}

// src/render/connlist.ts
var LIST_FORMATS = ["txt", "json", "csv", "md"];
function csvField(value) {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
function* listLines(matrix, format, exposure2) {
  if (format === "csv") yield "src,dst,conn\n";
  if (format === "md") yield "| Source | Destination | Connections |\n| --- | --- | --- |\n";
  let any = false;
  for (const c of matrix.connections()) {
    any = true;
    const conn = connectionsText(c.conn, matrix.via(c.src, c.dst));
    if (format === "txt") yield `${c.src.name} => ${c.dst.name} : ${conn}
`;
    else if (format === "csv") yield `${csvField(c.src.name)},${csvField(c.dst.name)},${csvField(conn)}
`;
    else yield `| ${markdownCell(c.src.name)} | ${markdownCell(c.dst.name)} | ${markdownCell(conn)} |
`;
  }
  if (!exposure2) return;
  if (format === "txt") yield `${any ? "\n" : ""}${exposureText(exposure2)}`;
  else if (format === "md") yield exposureMarkdown(exposure2, markdownCell);
  else yield `
${exposureCsvRows(exposure2).map((row) => row.map(csvField).join(",")).join("\n")}
`;
}
function* renderListChunks(matrix, format, chunkSize = 1 << 20, exposure2) {
  if (format === "json") {
    yield `${JSON.stringify(listJson(matrix, exposure2), null, 2)}
`;
    return;
  }
  let chunk = "";
  for (const line of listLines(matrix, format, exposure2)) {
    chunk += line;
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}
function diagnosticJson(d) {
  return { severity: d.severity, code: d.code, file: d.file, line: d.line, message: d.message };
}
function connectionJson(c, via) {
  return {
    src: c.src.name,
    dst: c.dst.name,
    conn: c.conn.toString(),
    ports: c.conn.toJSON(),
    ...via.length > 0 ? { via: via.map((v) => ({ note: v.note, conn: v.conn.toString(), ports: v.conn.toJSON() })) } : {}
  };
}
function listJson(matrix, exposure2) {
  const range = (r) => ({ first: formatIPv4(r.first), last: formatIPv4(r.last) });
  return {
    version: 1,
    workloads: matrix.cluster.workloads.map((w) => ({
      id: w.id,
      namespace: w.namespace,
      name: w.name,
      kind: w.kind,
      labels: w.pods[0]?.labels ?? {},
      file: w.source.file,
      line: w.source.line
    })),
    externalRanges: {
      sources: matrix.ingressRanges.map(range),
      destinations: matrix.egressRanges.map(range)
    },
    connections: [...matrix.connections()].map((c) => connectionJson(c, matrix.via(c.src, c.dst))),
    notAnalysed: notAnalysedJson(matrix.cluster.notAnalysed),
    ignoredKinds: Object.fromEntries([...matrix.cluster.ignoredKinds.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)),
    diagnostics: matrix.diagnostics.map(diagnosticJson),
    ...exposure2 ? { exposure: exposureJson(exposure2) } : {}
  };
}

// src/cli/list.ts
var LIST_HELP = `Usage: reachdiff list PATH... [options]

Prints which workloads and external IPv4 ranges can open which connections
to which, one line per ordered pair: SRC => DST : CONNECTIONS.

Options:
  --format FORMAT            txt (default), json, csv or md
  --exposure                 then the exposure of each workload to pods the manifests do not
                             hold (other namespaces, pods added later) that its policies
                             admit, and the workloads no policy protects
  --config FILE              silence warnings with the ignore list of FILE; where the ingress
                             controller runs (ingress-controller:)
${COMMON_HELP}
`;
async function listCommand(args, io) {
  const { values, positionals } = parseCommand(args, { format: { type: "string" }, config: { type: "string" }, exposure: { type: "boolean" } });
  if (values.help) {
    io.stdout(LIST_HELP);
    return 0;
  }
  const format = oneOf(values.format, LIST_FORMATS, "format", "txt");
  const config = readConfig(values.config, void 0, io);
  const matrix = await analysePaths(positionals, values, io, config);
  if (!matrix) return 2;
  printWarnings(lintState(matrix, values, config?.ignore), io);
  const exposed = values.exposure === true ? exposure(matrix, withConfig({ analyze: analyzeOptions(values) }, config).analyze) : void 0;
  for (const name of exposed?.unrepresented ?? []) io.stderr(`reachdiff: exposure: the pods of ${name} are not represented (no pod could be made for its selectors, or its namespace is one another representative already made with other labels); their exposure is not shown
`);
  for (const chunk of renderListChunks(matrix, format, void 0, exposed)) io.stdout(chunk);
  return 0;
}

// src/cli/main.ts
var VERSION = "0.1.0";
var USAGE = `Usage: reachdiff <command> [options]

Commands:
  list PATH...           which workloads and external ranges can reach which
  diff BASE HEAD         how reachability changes from BASE to HEAD (or --git revisions)
  check PATH...          check the invariants of a config file
  lint PATH...           warn about NetworkPolicy foot-guns (DNS blocked, selectors
                         that match nothing, rules that allow everything, ...)

Run "reachdiff <command> --help" for a command's options.

Diagnostics go to stderr as FILE:LINE: SEVERITY: MESSAGE [CODE].
Exit status: 0 success (warnings allowed), 1 an invariant fails (diff, check),
2 usage, input or config error, or nothing could be loaded.
`;
var COMMANDS = {
  list: listCommand,
  diff: diffCommand,
  check: checkCommand,
  lint: lintCommand
};
async function run3(argv, io) {
  const [command, ...rest] = argv;
  try {
    if (command === "--version") {
      io.stdout(`reachdiff ${VERSION}
`);
      return 0;
    }
    if (command === void 0 || command === "-h" || command === "--help" || command === "help") {
      io.stdout(USAGE);
      return command === void 0 ? 2 : 0;
    }
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(`unknown command "${command}"`);
    return await handler(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e.code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`reachdiff: ${e.message}
Run "reachdiff --help" for usage.
`);
      return 2;
    }
    if (e instanceof ConfigError || e instanceof GitError) {
      io.stderr(`reachdiff: ${e.message}
`);
      return 2;
    }
    throw e;
  }
}
function isMain() {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}
if (isMain()) {
  const io = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd()
  };
  run3(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`reachdiff: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}
`);
      process.exitCode = 3;
    }
  );
}
export {
  VERSION,
  run3 as run
};
