"""ICAO Doc 9303 eMRTD protocols: MRZ, access control, secure messaging, data groups, verification."""
