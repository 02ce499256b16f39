package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;

/** A Daml template identifier: package id, module name and entity name. */
public record TemplateId(String packageId, String moduleName, String entityName)
    implements Serializable {}
