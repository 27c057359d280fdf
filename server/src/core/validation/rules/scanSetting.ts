import { FindingCode } from '../../findingCodes';
import { Severity } from '../../finding';
import { Rule } from './rule';

// Cloud perimeter scan: the flags and the configuration they call for.

/** A flag set to true without the element it calls for (both below the connector element). */
function flagWithout(code: FindingCode, severity: Severity, flag: string, needed: string, message: string): Rule {
  return {
    code,
    severity,
    check(request, report) {
      const set = request.field(flag);
      if (set && set.value === true && !request.field(needed)) report(set, message);
    },
  };
}

export const cpsWithoutSetting = flagWithout('cps-without-setting', 'warning', 'isCPSEnabled', 'connectorScanSetting', 'isCPSEnabled is true but connectorScanSetting is missing: add connectorScanSetting with isCustomScanConfigEnabled (false applies the global scan configuration).');

export const missingScanConfig = flagWithout('missing-scan-config', 'error', 'connectorScanSetting/isCustomScanConfigEnabled', 'connectorScanConfig', 'isCustomScanConfigEnabled is true but there is no connectorScanConfig: add connectorScanConfig with a ConnectorScanConfiguration, or set isCustomScanConfigEnabled to false to use the global scan configuration.');

export const scanConfigUnused: Rule = {
  code: 'scan-config-unused',
  severity: 'warning',
  check(request, report) {
    const config = request.field('connectorScanConfig');
    const custom = request.field('connectorScanSetting/isCustomScanConfigEnabled');
    if (config && custom && custom.value === false) {
      report(config, 'connectorScanConfig is ignored because isCustomScanConfigEnabled is false: the global scan configuration applies.', { onKey: true });
    }
  },
};
