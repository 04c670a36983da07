/**
 * Building blocks shared by the client's packages. Not API: anything here may change in any release.
 */
package dev.mqttj.internal;
